using System.Linq;
using EnKashGen.Model;

namespace EnKashGen.Emit
{
    /// <summary>
    /// Emits an <c>IJsonTypeInfoResolver</c> over the generated converters, so System.Text.Json can serialize every
    /// generated type without reflection (trimming and Native AOT safe) through one options instance.
    /// </summary>
    internal static class ResolverEmitter
    {
        public static string Emit(ApiModel api, TypeNames types)
        {
            const string Meta = "global::System.Text.Json.Serialization.Metadata";
            var name = api.ClientName + "Json";
            var w = Header.Start(api);
            w.Doc("System.Text.Json metadata for every type generated from " + api.SpecFileName + ", backed by the generated converters.\nUse Options with JsonSerializer, or TypeInfo&lt;T&gt;() for the trimming-safe overloads.");
            w.Line(Header.GeneratedCode);
            using (w.Block(api.Accessibility + " sealed partial class " + name + " : " + Meta + ".IJsonTypeInfoResolver"))
            {
                w.Line("private static global::System.Text.Json.JsonSerializerOptions? s_options;");
                w.Line();
                w.Doc("The shared resolver instance.");
                w.Line("public static " + name + " Default { get; } = new " + name + "();");
                w.Line();
                w.Doc("Read-only serializer options that use this resolver.");
                using (w.Block("public static global::System.Text.Json.JsonSerializerOptions Options"))
                {
                    using (w.Block("get"))
                    {
                        using (w.Block("if (s_options is null)"))
                        {
                            w.Line("var options = new global::System.Text.Json.JsonSerializerOptions { TypeInfoResolver = Default };");
                            w.Line("options.MakeReadOnly();");
                            w.Line("global::System.Threading.Interlocked.CompareExchange(ref s_options, options, null);");
                        }
                        w.Line("return s_options!;");
                    }
                }
                w.Line();
                w.Doc("The metadata of <typeparamref name=\"T\"/> for JsonSerializer's JsonTypeInfo overloads.");
                w.Line("public static " + Meta + ".JsonTypeInfo<T> TypeInfo<T>() => (" + Meta + ".JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));");
                w.Line();
                using (w.Block("public " + Meta + ".JsonTypeInfo? GetTypeInfo(global::System.Type type, global::System.Text.Json.JsonSerializerOptions options)"))
                {
                    var all = api.Models.Select(m => m.Name).Concat(api.Enums.Select(e => e.Name)).Concat(api.Unions.Select(u => u.Name)).OrderBy(n => n, System.StringComparer.Ordinal);
                    foreach (var t in all)
                    {
                        using (w.Block("if (type == typeof(" + types.Declared(t) + "))"))
                        {
                            w.Line("return " + Meta + ".JsonMetadataServices.CreateValueInfo<" + types.Declared(t) + ">(options, new " + types.Converter(t) + "());");
                        }
                    }
                    w.Line("return null;");
                }
            }
            return Header.End(w);
        }
    }
}
