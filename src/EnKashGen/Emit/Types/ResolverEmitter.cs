using System.Linq;
using EnKashGen.Model;

namespace EnKashGen.Emit
{
    /// <summary>
    /// Writes the spec's System.Text.Json resolver (<c>&lt;Client&gt;Json</c>), a table of the generated types' codecs,
    /// and the class that holds the spec's shared collection codecs.
    /// </summary>
    internal static class ResolverEmitter
    {
        private const string Rt = EmitPlan.Runtime;
        private const string Meta = "global::System.Text.Json.Serialization.Metadata";
        private const string Options = "global::System.Text.Json.JsonSerializerOptions";

        public static string EmitResolver(EmitPlan plan)
        {
            var api = plan.Api;
            var w = Header.Start(api, plan.UsesDeprecated);
            w.DocMarkup(
                "System.Text.Json metadata for every type generated from " + Literals.XmlText(api.SpecFileName) + ", read and written by their generated codecs.",
                "Use <see cref=\"Options\"/> with JsonSerializer, or <see cref=\"TypeInfo{T}\"/> for its trimming-safe overloads.");
            w.Line(Header.GeneratedCode);
            using (w.Block(api.Accessibility + " sealed partial class " + plan.JsonClass + " : " + Meta + ".IJsonTypeInfoResolver"))
            {
                w.Line("private static " + Options + "? s_options;");
                w.Line();
                w.Line("private static readonly " + Rt + ".CodecTypeInfoResolver s_codecs = new(");
                w.Indent();
                var all = api.Models.Select(m => m.Name).Concat(api.Enums.Select(e => e.Name)).Concat(api.Unions.Select(u => u.Name)).OrderBy(n => n, System.StringComparer.Ordinal).ToList();
                for (var i = 0; i < all.Count; i++)
                {
                    w.Line(plan.Types.Declared(all[i]) + "." + ReservedNames.CodecClass + ".Instance" + (i + 1 < all.Count ? "," : ");"));
                }
                if (all.Count == 0)
                {
                    w.Line(");");
                }
                w.Outdent();
                w.Line();
                w.DocMarkup("The shared resolver instance.");
                w.Line("public static " + plan.JsonClass + " Default { get; } = new();");
                w.Line();
                w.DocMarkup("Read-only serializer options that use this resolver.");
                using (w.Block("public static " + Options + " Options"))
                {
                    using (w.Block("get"))
                    {
                        using (w.Block("if (s_options is null)"))
                        {
                            w.Line("var options = new " + Options + " { TypeInfoResolver = Default };");
                            w.Line("options.MakeReadOnly();");
                            w.Line("global::System.Threading.Interlocked.CompareExchange(ref s_options, options, null);");
                        }
                        w.Line("return s_options!;");
                    }
                }
                w.Line();
                w.DocMarkup("The metadata of <typeparamref name=\"T\"/> for JsonSerializer's JsonTypeInfo overloads.");
                w.Line("public static " + Meta + ".JsonTypeInfo<T> TypeInfo<T>() => (" + Meta + ".JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));");
                w.Line();
                w.DocMarkup("<inheritdoc/>");
                w.Line("public " + Meta + ".JsonTypeInfo? GetTypeInfo(global::System.Type type, " + Options + " options) => s_codecs.GetTypeInfo(type, options);");
            }
            return Header.End(w);
        }

        public static string EmitCodecs(EmitPlan plan)
        {
            var w = Header.Start(plan.Api, plan.UsesDeprecated);
            w.Doc("The codecs of the lists and maps the types of " + plan.Api.SpecFileName + " hold, built once and shared.");
            w.Line(Header.GeneratedCode);
            using (w.Block("internal static class " + plan.CodecsClass))
            {
                foreach (var composite in plan.Composites)
                {
                    w.Line("internal static readonly " + composite.Type + " " + composite.Field + " = " + composite.Initializer + ";");
                }
            }
            return Header.End(w);
        }
    }
}
