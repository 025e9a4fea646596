using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using EnKashGen.RuntimeTests.Infrastructure;
using EnKashGen.RuntimeTests.SecuritySpec;
using Xunit;

namespace EnKashGen.RuntimeTests;

/// <summary>
/// Root <c>security</c> applies to operations that do not name their own; <c>security: []</c> turns it off.
/// (The OpenAPI reader returns an empty list in both of the first two cases, which once made every EnKash card call
/// go out without its bearer token and partnerId.)
/// </summary>
public class SecurityInheritanceTests
{
    private static (SecurityOverridesClient Client, FakeEnKashServer Server) Create()
    {
        var server = new FakeEnKashServer();
        foreach (var path in new[] { "/inherits", "/public", "/key-only" })
        {
            server.On(path, _ => new HttpResponseMessage(HttpStatusCode.NoContent));
        }
        var client = new SecurityOverridesClient(new HttpClient(server), new SecurityOverridesClientOptions { AccessToken = "fixed-token", ApiKey = "key-123" });
        return (client, server);
    }

    [Fact]
    public async Task An_operation_without_security_inherits_the_root_requirement()
    {
        var (client, server) = Create();

        await client.InheritsRootSecurityAsync();

        var call = Assert.Single(server.Requests);
        Assert.Equal("Bearer fixed-token", call.Header("Authorization"));
        Assert.Equal("key-123", call.Header("X-Api-Key"));
    }

    [Fact]
    public async Task An_operation_with_an_empty_security_list_sends_no_credentials()
    {
        var (client, server) = Create();

        await client.ExplicitlyUnsecuredAsync();

        var call = Assert.Single(server.Requests);
        Assert.Null(call.Header("Authorization"));
        Assert.Null(call.Header("X-Api-Key"));
    }

    [Fact]
    public async Task An_operation_with_its_own_requirement_uses_only_that()
    {
        var (client, server) = Create();

        await client.ApiKeyOnlyAsync();

        var call = Assert.Single(server.Requests);
        Assert.Null(call.Header("Authorization"));
        Assert.Equal("key-123", call.Header("X-Api-Key"));
    }
}
