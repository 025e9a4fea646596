using System.Collections.Generic;
using EnKashGen.Model;

namespace EnKashGen.Emit
{
    /// <summary>Turns one <see cref="ApiModel"/> into source files: (hint name, text) pairs in a deterministic order.</summary>
    internal static class ApiEmitter
    {
        public static List<(string HintName, string Source)> Emit(ApiModel api, EmitContext context)
        {
            var files = new List<(string, string)>();
            var types = new TypeNames(api.Namespace, context);
            var prefix = api.Namespace + "." + api.ClientName + ".";

            var models = new ModelEmitter(api, context, types);
            foreach (var model in api.Models)
            {
                files.Add((prefix + "Models." + model.Name + ".g.cs", models.Emit(model)));
            }
            var enums = new EnumEmitter(api, types);
            foreach (var e in api.Enums)
            {
                files.Add((prefix + "Enums." + e.Name + ".g.cs", enums.Emit(e)));
            }
            var unions = new UnionEmitter(api, types);
            foreach (var u in api.Unions)
            {
                files.Add((prefix + "Unions." + u.Name + ".g.cs", unions.Emit(u)));
            }
            files.Add((prefix + "Json.g.cs", ResolverEmitter.Emit(api, types)));

            var validators = new ValidatorEmitter(api, types);
            var client = new ClientEmitter(api, context, types, validators);
            files.Add((prefix + "Client.g.cs", client.EmitClient()));
            files.Add((prefix + "Options.g.cs", client.EmitOptions()));
            // Validators last: the client's parameter checks register the patterns they use.
            files.Add((prefix + "Validators.g.cs", validators.Emit()));
            if (context.HasHttpClientFactory)
            {
                files.Add((prefix + "DependencyInjection.g.cs", DependencyInjectionEmitter.Emit(api, context, client.OptionBindings())));
            }
            return files;
        }
    }
}
