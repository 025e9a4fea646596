using System;
using System.Collections.Generic;
using System.Globalization;
using EnKashGen.Model;

namespace EnKashGen.Emit
{
    /// <summary>Turns one <see cref="ApiModel"/> into source files: (hint name, text) pairs in a deterministic order.</summary>
    internal static class ApiEmitter
    {
        /// <summary>
        /// Up to this many types, each type has its own file (easy to browse). Beyond it, types are written
        /// <see cref="TypesPerFile"/> to a file: the compiler checks every new file's name against all earlier ones, so
        /// thousands of files cost time quadratic in their number, and nobody browses thousands of files.
        /// </summary>
        internal const int OneFilePerTypeUpTo = 300;

        internal const int TypesPerFile = 100;

        public static List<(string HintName, string Source)> Emit(ApiModel api, EmitContext context)
        {
            var files = new List<(string, string)>();
            var types = new TypeNames(api.Namespace, context);
            var prefix = api.Namespace + "." + api.ClientName + ".";

            var models = new ModelEmitter(api, context, types);
            var enums = new EnumEmitter(api, types);
            var unions = new UnionEmitter(api, types);
            var typeCount = api.Models.Count + api.Enums.Count + api.Unions.Count;
            var onePerFile = typeCount <= OneFilePerTypeUpTo;
            AddTypes(files, api, prefix + "Models.", api.Models, m => m.Name, models.Write, onePerFile);
            AddTypes(files, api, prefix + "Enums.", api.Enums, e => e.Name, enums.Write, onePerFile);
            AddTypes(files, api, prefix + "Unions.", api.Unions, u => u.Name, unions.Write, onePerFile);
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

        private static void AddTypes<T>(List<(string, string)> files, ApiModel api, string prefix, IReadOnlyList<T> types, Func<T, string> name, Action<SourceWriter, T> write, bool onePerFile)
        {
            if (onePerFile)
            {
                foreach (var type in types)
                {
                    var w = Header.Start(api);
                    write(w, type);
                    files.Add((prefix + name(type) + ".g.cs", Header.End(w)));
                }
                return;
            }
            for (var start = 0; start < types.Count; start += TypesPerFile)
            {
                var w = Header.Start(api);
                var end = Math.Min(types.Count, start + TypesPerFile);
                for (var i = start; i < end; i++)
                {
                    if (i > start)
                    {
                        w.Line();
                    }
                    write(w, types[i]);
                }
                var part = (start / TypesPerFile + 1).ToString("D3", CultureInfo.InvariantCulture);
                files.Add((prefix + "Part" + part + ".g.cs", Header.End(w)));
            }
        }
    }
}
