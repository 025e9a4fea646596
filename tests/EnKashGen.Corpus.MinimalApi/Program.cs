using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using EnKashGen.Corpus.MinimalApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// dotnet run --project tests/EnKashGen.Corpus.MinimalApi [-- --port 5090] [--exit-when-stdin-closes true]
// Serves its OpenAPI 3.1 document at /openapi/v1.json (and .yaml). Loopback only; port 0 (the default) picks a free
// port, printed on the first line of standard output as "listening on http://127.0.0.1:<port>".
var builder = WebApplication.CreateBuilder(args);
var port = builder.Configuration.GetValue("port", 0);
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
builder.Logging.ClearProviders();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<Catalog>();
builder.Services.AddProblemDetails();
builder.Services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
{
    document.Info.Title = "Warehouse";
    document.Info.Description = "Products, orders and payments of a small shop.";
    return Task.CompletedTask;
}));

var app = builder.Build();
app.MapOpenApi();
app.MapOpenApi("/openapi/{documentName}.yaml");
app.MapCatalog();

app.Lifetime.ApplicationStarted.Register(() =>
{
    var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    Console.WriteLine("listening on " + address);
});

if (builder.Configuration.GetValue("exit-when-stdin-closes", false))
{
    // A parent process that dies without stopping this one closes its end of the pipe: stop then, never linger.
    _ = Task.Run(async () =>
    {
        await Console.In.ReadToEndAsync();
        await app.StopAsync();
    });
}

await app.RunAsync();
