using System.Collections.Generic;
using System.Linq;
using EnKashGen.Model;

namespace EnKashGen.Emit
{
    /// <summary>
    /// Emits <c>services.AddXxxClient(...)</c>: a typed HttpClient through IHttpClientFactory, options from a delegate or
    /// a configuration section, and one shared token cache. Emitted only when the project references Microsoft.Extensions.Http.
    /// </summary>
    internal static class DependencyInjectionEmitter
    {
        public static string Emit(ApiModel api, EmitContext context, IEnumerable<(string Name, string Type)> options)
        {
            const string Di = "global::Microsoft.Extensions.DependencyInjection";
            var client = "global::" + api.Namespace + "." + api.ClientName;
            var optionsType = client + "Options";
            var cache = client + "TokenCache";
            var w = Header.Start(api);
            w.Doc("Registers " + api.ClientName + " with dependency injection.");
            w.Line(Header.GeneratedCode);
            using (w.Block(api.Accessibility + " static partial class " + api.ClientName + "ServiceCollectionExtensions"))
            {
                w.Doc("Registers " + api.ClientName + " as a typed HttpClient; the returned builder composes with handlers such as AddStandardResilienceHandler().");
                using (w.Block("public static " + Di + ".IHttpClientBuilder Add" + api.ClientName + "(this " + Di + ".IServiceCollection services, global::System.Action<" + optionsType + "> configure)"))
                {
                    w.Line("if (configure is null) throw new global::System.ArgumentNullException(nameof(configure));");
                    w.Line(Di + ".OptionsServiceCollectionExtensions.Configure(services, configure);");
                    w.Line("return Register(services);");
                }
                w.Line();
                if (context.HasConfiguration)
                {
                    w.Doc("Registers " + api.ClientName + " with options read from a configuration section (keys named like the option properties).");
                    using (w.Block("public static " + Di + ".IHttpClientBuilder Add" + api.ClientName + "(this " + Di + ".IServiceCollection services, global::Microsoft.Extensions.Configuration.IConfiguration configuration)"))
                    {
                        w.Line("if (configuration is null) throw new global::System.ArgumentNullException(nameof(configuration));");
                        w.Line(Di + ".OptionsServiceCollectionExtensions.Configure<" + optionsType + ">(services, options => Bind(configuration, options));");
                        w.Line("return Register(services);");
                    }
                    w.Line();
                    w.Doc("Copies configuration values onto the options without reflection.");
                    using (w.Block("public static void Bind(global::Microsoft.Extensions.Configuration.IConfiguration configuration, " + optionsType + " options)"))
                    {
                        w.Line("string? value;");
                        foreach (var (name, type) in options)
                        {
                            var key = Literals.String(name);
                            switch (type)
                            {
                                case "string":
                                    w.Line("if ((value = configuration[" + key + "]) is not null) options." + name + " = value;");
                                    break;
                                case "bool":
                                    w.Line("if ((value = configuration[" + key + "]) is not null) options." + name + " = bool.Parse(value);");
                                    break;
                                case "uri":
                                    w.Line("if (!string.IsNullOrEmpty(value = configuration[" + key + "])) options." + name + " = new global::System.Uri(value!, global::System.UriKind.Absolute);");
                                    break;
                                case "timespan":
                                    w.Line("if (!string.IsNullOrEmpty(value = configuration[" + key + "])) options." + name + " = global::System.TimeSpan.Parse(value!, global::System.Globalization.CultureInfo.InvariantCulture);");
                                    break;
                            }
                        }
                    }
                    w.Line();
                }
                using (w.Block("private static " + Di + ".IHttpClientBuilder Register(" + Di + ".IServiceCollection services)"))
                {
                    w.Line(Di + ".Extensions.ServiceCollectionDescriptorExtensions.TryAddSingleton<" + cache + ">(services);");
                    var log = context.HasLogging
                        ? "global::Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetService<global::Microsoft.Extensions.Logging.ILoggerFactory>(sp) is { } loggers ? new global::EnKashGen.Runtime.LoggerApiLogSink(global::Microsoft.Extensions.Logging.LoggerFactoryExtensions.CreateLogger<" + client + ">(loggers)) : null"
                        : "null";
                    w.Line("return " + Di + ".HttpClientFactoryServiceCollectionExtensions.AddHttpClient<" + client + ", " + client + ">(services, (global::System.Net.Http.HttpClient http, global::System.IServiceProvider sp) => new " + client + "(");
                    w.Indent();
                    w.Line("http,");
                    w.Line(Di + ".ServiceProviderServiceExtensions.GetRequiredService<global::Microsoft.Extensions.Options.IOptions<" + optionsType + ">>(sp).Value,");
                    w.Line(Di + ".ServiceProviderServiceExtensions.GetService<global::EnKashGen.Runtime.IBodyEncryption>(sp),");
                    w.Line(Di + ".ServiceProviderServiceExtensions.GetRequiredService<" + cache + ">(sp),");
                    w.Line(log + "));");
                    w.Outdent();
                }
            }
            return Header.End(w);
        }
    }
}
