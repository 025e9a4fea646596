using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace EnKashGen.IntegrationTests.Infrastructure
{
    /// <summary>One HTTP exchange as it travelled, bodies included (tests only: they hold card data).</summary>
    internal sealed record WireExchange(string Method, string Path, string? RequestBody, int Status, string ResponseBody);

    /// <summary>Records what the generated client actually sent and received.</summary>
    internal sealed class WireRecorder : DelegatingHandler
    {
        private readonly ConcurrentQueue<WireExchange> _exchanges = new ConcurrentQueue<WireExchange>();

        public WireRecorder()
            : base(new SocketsHttpHandler())
        {
        }

        public IReadOnlyList<WireExchange> Exchanges => _exchanges.ToList();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var requestBody = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
            var response = await base.SendAsync(request, cancellationToken);
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            var responseBody = await response.Content.ReadAsStringAsync(cancellationToken);
            _exchanges.Enqueue(new WireExchange(request.Method.Method, request.RequestUri!.AbsolutePath, requestBody, (int)response.StatusCode, responseBody));
            return response;
        }
    }
}
