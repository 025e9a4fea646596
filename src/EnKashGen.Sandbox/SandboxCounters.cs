using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace EnKashGen.Sandbox
{
    /// <summary>What the sandbox has seen, for assertions in tests. Thread-safe.</summary>
    public sealed class SandboxCounters
    {
        private readonly ConcurrentDictionary<string, int> _requests = new ConcurrentDictionary<string, int>(System.StringComparer.Ordinal);
        private int _tokenFetches;
        private int _total;

        /// <summary>Bearer tokens issued by <c>/oauth/token</c> (successful token fetches).</summary>
        public int TokenFetches => Volatile.Read(ref _tokenFetches);

        /// <summary>Every request received, including rejected and fault-injected ones.</summary>
        public int TotalRequests => Volatile.Read(ref _total);

        /// <summary>Requests received for one operationId (for example <c>createCard</c> or <c>getPartnerToken</c>).</summary>
        public int Requests(string operationId) => _requests.TryGetValue(operationId, out var count) ? count : 0;

        /// <summary>Requests per operationId.</summary>
        public IReadOnlyDictionary<string, int> Snapshot() => _requests.ToDictionary(p => p.Key, p => p.Value, System.StringComparer.Ordinal);

        /// <summary>Sets every counter back to zero.</summary>
        public void Reset()
        {
            _requests.Clear();
            Interlocked.Exchange(ref _tokenFetches, 0);
            Interlocked.Exchange(ref _total, 0);
        }

        internal void Request(string operationId)
        {
            Interlocked.Increment(ref _total);
            _requests.AddOrUpdate(operationId, 1, (_, count) => count + 1);
        }

        internal void TokenIssued() => Interlocked.Increment(ref _tokenFetches);
    }
}
