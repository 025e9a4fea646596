using System.Collections.Generic;
using EnKashGen.Model;

namespace EnKashGen.Emit
{
    /// <summary>Turns one <see cref="ApiModel"/> into source files: (hint name, text) pairs in a deterministic order.</summary>
    internal static class ApiEmitter
    {
        public static List<(string HintName, string Source)> Emit(ApiModel api, EmitContext context)
        {
            var plan = new EmitPlan(api, context);
            var files = new List<(string, string)>();
            foreach (var (hint, models) in plan.Files("Models", api.Models, m => m.Name))
            {
                files.Add((hint, WriteTypes(plan, models, ObjectEmitter.Write)));
            }
            foreach (var (hint, enums) in plan.Files("Enums", api.Enums, e => e.Name))
            {
                files.Add((hint, WriteTypes(plan, enums, EnumEmitter.Write)));
            }
            foreach (var (hint, unions) in plan.Files("Unions", api.Unions, u => u.Name))
            {
                files.Add((hint, WriteTypes(plan, unions, UnionEmitter.Write)));
            }
            files.Add((plan.HintPrefix + "Json.g.cs", ResolverEmitter.EmitResolver(plan)));
            if (plan.Composites.Count > 0)
            {
                files.Add((plan.HintPrefix + "Codecs.g.cs", ResolverEmitter.EmitCodecs(plan)));
            }

            var options = new OptionsEmitter(plan);
            files.Add((plan.HintPrefix + "Client.g.cs", new ClientEmitter(plan, options).EmitClient()));
            files.Add((plan.HintPrefix + "Options.g.cs", options.Emit()));
            if (context.HasHttpClientFactory)
            {
                files.Add((plan.HintPrefix + "DependencyInjection.g.cs", DependencyInjectionEmitter.Emit(api, context, options.Bindings(), plan.UsesDeprecated)));
            }
            return files;
        }

        private static string WriteTypes<T>(EmitPlan plan, IReadOnlyList<T> types, System.Action<SourceWriter, EmitPlan, T> write)
        {
            var w = Header.Start(plan.Api, plan.UsesDeprecated);
            for (var i = 0; i < types.Count; i++)
            {
                if (i > 0)
                {
                    w.Line();
                }
                write(w, plan, types[i]);
            }
            return Header.End(w);
        }
    }
}
