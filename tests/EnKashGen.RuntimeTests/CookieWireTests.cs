using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;
using EnKashGen.RuntimeTests.SecuritySpec;
using Xunit;

namespace EnKashGen.RuntimeTests;

/// <summary>
/// The client adds one Cookie value per cookie parameter and cookie API key; what reaches the server, through the
/// platform's handler, is the one Cookie header HTTP allows (RFC 6265 §5.4), its pairs joined by "; ".
/// </summary>
public class CookieWireTests
{
    [Fact]
    public async Task Two_cookie_parameters_and_a_cookie_key_travel_in_one_cookie_header()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var head = ReadRequestHeadAsync(listener);
        using var http = new HttpClient(new SocketsHttpHandler());
        var client = new SecurityOverridesClient(http, new SecurityOverridesClientOptions
        {
            BaseUrl = new Uri("http://127.0.0.1:" + port + "/"),
            SessionCookie = "s 1",
        });

        await client.GetPreferencesAsync(theme: "dark", lang: "en-GB");

        var lines = (await head).Split("\r\n");
        var cookie = Assert.Single(lines, l => l.StartsWith("Cookie:", StringComparison.OrdinalIgnoreCase));
        var pairs = cookie.Substring("Cookie:".Length).Trim().Split("; ");
        Assert.Equal(new[] { "lang=en-GB", "session=s%201", "theme=dark" }, pairs.OrderBy(p => p, StringComparer.Ordinal));
    }

    private static async Task<string> ReadRequestHeadAsync(TcpListener listener)
    {
        using var connection = await listener.AcceptTcpClientAsync();
        var stream = connection.GetStream();
        var received = new StringBuilder();
        var buffer = new byte[4096];
        while (!received.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer);
            if (read == 0)
            {
                break;
            }
            received.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }
        await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 204 No Content\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
        return received.ToString();
    }
}
