using System.Collections.Generic;
using EnKashGen.Model;

namespace EnKashGen.Emit
{
    /// <summary>
    /// Emits <c>services.AddXxxClient(...)</c>: a typed HttpClient through IHttpClientFactory, options from a delegate or
    /// a configuration section, and the application's logger. Emitted only when the project references
    /// Microsoft.Extensions.Http. The options are a singleton, so their token cache and encryption key serve every
    /// (transient) client the factory makes.
    /// </summary>
    internal static class DependencyInjectionEmitter
    {
        private const string Di = "global::Microsoft.Extensions.DependencyInjection";

        public static string Emit(ApiModel api, EmitContext context, IEnumerable<(string Name, OptionKind Kind)> options, bool usesDeprecated)
        {
            var client = "global::" + api.Namespace + "." + api.ClientName;
            var optionsType = client + ReservedNames.OptionsSuffix;
            var w = Header.Start(api, usesDeprecated);
            w.Doc("Registers " + api.ClientName + " with dependency injection.");
            w.Line(Header.GeneratedCode);
            using (w.Block(api.Accessibility + " static partial class " + api.ClientName + ReservedNames.ServiceCollectionSuffix))
            {
                w.Doc("Registers " + api.ClientName + " as a typed HttpClient; the returned builder composes with HTTP handlers.");
                using (w.Block("public static " + Di + ".IHttpClientBuilder Add" + api.ClientName + "(this " + Di + ".IServiceCollection services, global::System.Action<" + optionsType + "> configure)"))
                {
                    w.Line("if (configure is null) throw new global::System.ArgumentNullException(nameof(configure));");
                    w.Line(Di + ".OptionsServiceCollectionExtensions.Configure(services, configure);");
                    w.Line("return Register(services);");
                }
                w.Line();
                if (context.HasConfiguration)
                {
                    EmitConfiguration(w, api, optionsType, options);
                }
                if (context.HasHttpResilience)
                {
                    EmitResilience(w, api);
                }
                using (w.Block("private static " + Di + ".IHttpClientBuilder Register(" + Di + ".IServiceCollection services)"))
                {
                    var log = context.HasLogging
                        ? Di + ".ServiceProviderServiceExtensions.GetService<global::Microsoft.Extensions.Logging.ILoggerFactory>(sp) is { } loggers ? new global::EnKashGen.Runtime.LoggerApiLogSink(global::Microsoft.Extensions.Logging.LoggerFactoryExtensions.CreateLogger<" + client + ">(loggers)) : null"
                        : "null";
                    w.Line("return " + Di + ".HttpClientFactoryServiceCollectionExtensions.AddHttpClient<" + client + ", " + client + ">(services, (global::System.Net.Http.HttpClient http, global::System.IServiceProvider sp) => new " + client + "(");
                    w.Indent();
                    w.Line("http,");
                    w.Line(Di + ".ServiceProviderServiceExtensions.GetRequiredService<global::Microsoft.Extensions.Options.IOptions<" + optionsType + ">>(sp).Value,");
                    w.Line(log + (api.Encryption is null ? "));" : ","));
                    if (api.Encryption is not null)
                    {
                        w.Line(Di + ".ServiceProviderServiceExtensions.GetService<global::EnKashGen.Runtime.IBodyEncryption>(sp)));");
                    }
                    w.Outdent();
                }
            }
            return Header.End(w);
        }

        private static void EmitConfiguration(SourceWriter w, ApiModel api, string optionsType, IEnumerable<(string Name, OptionKind Kind)> options)
        {
            const string Configuration = "global::Microsoft.Extensions.Configuration.IConfiguration";
            w.Doc("Registers " + api.ClientName + " with options read from a configuration section (keys named like the option properties).");
            using (w.Block("public static " + Di + ".IHttpClientBuilder Add" + api.ClientName + "(this " + Di + ".IServiceCollection services, " + Configuration + " configuration)"))
            {
                w.Line("if (configuration is null) throw new global::System.ArgumentNullException(nameof(configuration));");
                w.Line(Di + ".OptionsServiceCollectionExtensions.Configure<" + optionsType + ">(services, options => Bind(configuration, options));");
                w.Line("return Register(services);");
            }
            w.Line();
            w.Doc("Copies configuration values onto the options without reflection; a value that cannot be read fails with the key and the value it found (secrets are never echoed).");
            using (w.Block("public static void Bind(" + Configuration + " configuration, " + optionsType + " options)"))
            {
                w.Line("if (configuration is null) throw new global::System.ArgumentNullException(nameof(configuration));");
                w.Line("if (options is null) throw new global::System.ArgumentNullException(nameof(options));");
                w.Line("string? value;");
                foreach (var (name, kind) in options)
                {
                    var key = Literals.String(name);
                    switch (kind)
                    {
                        case OptionKind.Text:
                            w.Line("if ((value = configuration[" + key + "]) is not null) options." + name + " = value;");
                            break;
                        case OptionKind.Boolean:
                            w.Line("if (!string.IsNullOrEmpty(value = configuration[" + key + "])) options." + name + " = bool.TryParse(value, out var " + Local(name) + ") ? " + Local(name) + " : throw Invalid(configuration, " + key + ", value, \"true or false\");");
                            break;
                        case OptionKind.Uri:
                            w.Line("if (!string.IsNullOrEmpty(value = configuration[" + key + "])) options." + name + " = global::System.Uri.TryCreate(value, global::System.UriKind.Absolute, out var " + Local(name) + ") ? " + Local(name) + " : throw Invalid(configuration, " + key + ", value, \"an absolute URL\");");
                            break;
                        case OptionKind.TimeSpan:
                            w.Line("if (!string.IsNullOrEmpty(value = configuration[" + key + "])) options." + name + " = global::System.TimeSpan.TryParse(value, global::System.Globalization.CultureInfo.InvariantCulture, out var " + Local(name) + ") ? " + Local(name) + " : throw Invalid(configuration, " + key + ", value, \"a time span such as 00:00:30\");");
                            break;
                    }
                }
            }
            w.Line();
            using (w.Block("private static global::System.InvalidOperationException Invalid(" + Configuration + " configuration, string key, string value, string expected)"))
            {
                w.Line("var path = configuration is global::Microsoft.Extensions.Configuration.IConfigurationSection section && section.Path.Length > 0 ? section.Path + \":\" + key : key;");
                w.Line("return new global::System.InvalidOperationException(\"The configuration value '\" + path + \"' is '\" + value + \"', which is not \" + expected + \".\");");
            }
            w.Line();
        }

        /// <summary>
        /// The standard resilience handler with a retry that never sends a request twice unless the client marked it
        /// replay-safe: a replayed load is a second load on a server that does not de-duplicate by reference.
        /// </summary>
        private static void EmitResilience(SourceWriter w, ApiModel api)
        {
            const string Resilience = "global::Microsoft.Extensions.Http.Resilience";
            w.Doc("Adds the standard resilience handler of Microsoft.Extensions.Http.Resilience (rate limiter, total timeout, retry, circuit breaker, attempt timeout) whose retry sends again only requests the client marked replay-safe (EnKashGen.Runtime.ApiRequestMarkers.ReplaySafe).");
            w.Doc("A bare AddStandardResilienceHandler() retries every request after a 5xx, a timeout or a dropped connection, including calls that move money: when the API had applied the first attempt, the retry applies it again. "
                + "Here those calls are sent once; when their outcome is unclear the client looks them up by their reference and answers with the result, ApiNotAppliedException or ApiOutcomeUnknownException. "
                + "The configure delegate may change any option; the replay-safety condition is added to whatever retry condition it leaves.", "remarks");
            using (w.Block("public static " + Resilience + ".IHttpStandardResiliencePipelineBuilder Add" + api.ClientName + "ResilienceHandler(this " + Di + ".IHttpClientBuilder builder, global::System.Action<" + Resilience + ".HttpStandardResilienceOptions>? configure = null)"))
            {
                w.Line("if (builder is null) throw new global::System.ArgumentNullException(nameof(builder));");
                w.Line("return " + Di + ".ResilienceHttpClientBuilderExtensions.AddStandardResilienceHandler(builder, options =>");
                w.Line("{");
                w.Indent();
                w.Line("configure?.Invoke(options);");
                w.Line("var shouldHandle = options.Retry.ShouldHandle;");
                w.Line("// GetRequestMessage is the library's way to reach the request from a retry predicate; it is marked experimental.");
                w.Line("#pragma warning disable EXTEXP0001");
                w.Line("options.Retry.ShouldHandle = args => global::EnKashGen.Runtime.ApiRequestMarkers.IsReplaySafe(global::Polly.HttpResilienceContextExtensions.GetRequestMessage(args.Context)) ? shouldHandle(args) : new global::System.Threading.Tasks.ValueTask<bool>(false);");
                w.Line("#pragma warning restore EXTEXP0001");
                w.Outdent();
                w.Line("});");
            }
            w.Line();
        }

        /// <summary>The out variable of one option's parse: the option's name in camel case, which no other line declares.</summary>
        private static string Local(string name) => "parsed" + name;
    }
}
