using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace EnKashGen.Sandbox
{
    /// <summary>
    /// What the sandbox has seen and done, for assertions in tests. Thread-safe. <see cref="Requests"/> counts what arrived;
    /// <see cref="Applied"/> counts what the sandbox carried out, whether or not the answer reached the caller (a fault
    /// after applying still counts), so a test can tell "the client sent it twice" from "the money moved twice".
    /// </summary>
    public sealed class SandboxCounters
    {
        private readonly ConcurrentDictionary<string, int> _requests = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, int> _applied = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, int> _loadsByReference = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, int> _replaysByReference = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<SandboxFault, int> _faults = new ConcurrentDictionary<SandboxFault, int>();
        private int _tokenFetches;
        private int _total;

        /// <summary>Bearer tokens issued by <c>/oauth/token</c> (successful token fetches).</summary>
        public int TokenFetches => Volatile.Read(ref _tokenFetches);

        /// <summary>Every request received, including rejected and fault-injected ones.</summary>
        public int TotalRequests => Volatile.Read(ref _total);

        /// <summary>Requests received for one operationId (for example <c>createCard</c> or <c>getPartnerToken</c>).</summary>
        public int Requests(string operationId) => _requests.TryGetValue(operationId, out var count) ? count : 0;

        /// <summary>Requests per operationId.</summary>
        public IReadOnlyDictionary<string, int> Snapshot() => _requests.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

        /// <summary>
        /// Calls of one operationId that the sandbox carried out with success (envelope code 0, or a token issued), counted
        /// when the state changed, before any fault after applying: for <c>loadCardBalance</c> the loads that moved money,
        /// for <c>createCard</c> the cards issued. Refused calls, faults before applying and answers replayed from an earlier
        /// load (<see cref="LoadDeduplication.ReplayOriginal"/>) do not count.
        /// </summary>
        public int Applied(string operationId) => _applied.TryGetValue(operationId, out var count) ? count : 0;

        /// <summary>Applied calls per operationId.</summary>
        public IReadOnlyDictionary<string, int> AppliedSnapshot() => _applied.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

        /// <summary>How many times a load with this <c>uniqueReferenceNumber</c> was applied (moved money), over all partners.</summary>
        public int LoadsApplied(string uniqueReferenceNumber) => _loadsByReference.TryGetValue(uniqueReferenceNumber, out var count) ? count : 0;

        /// <summary>Applied loads per <c>uniqueReferenceNumber</c>; a value above 1 means that reference moved money more than once.</summary>
        public IReadOnlyDictionary<string, int> LoadsAppliedByReference() => _loadsByReference.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

        /// <summary>How many times a repeated load with this reference was answered from the original without moving money (<see cref="LoadDeduplication.ReplayOriginal"/>).</summary>
        public int LoadReplays(string uniqueReferenceNumber) => _replaysByReference.TryGetValue(uniqueReferenceNumber, out var count) ? count : 0;

        /// <summary>How many faults of one kind were injected, by rate or by script.</summary>
        public int FaultsInjected(SandboxFault fault) => _faults.TryGetValue(fault, out var count) ? count : 0;

        /// <summary>Sets every counter back to zero.</summary>
        public void Reset()
        {
            _requests.Clear();
            _applied.Clear();
            _loadsByReference.Clear();
            _replaysByReference.Clear();
            _faults.Clear();
            Interlocked.Exchange(ref _tokenFetches, 0);
            Interlocked.Exchange(ref _total, 0);
        }

        internal void Request(string operationId)
        {
            Interlocked.Increment(ref _total);
            Increment(_requests, operationId);
        }

        internal void TokenIssued() => Interlocked.Increment(ref _tokenFetches);

        internal void OperationApplied(string operationId) => Increment(_applied, operationId);

        internal void LoadApplied(string uniqueReferenceNumber) => Increment(_loadsByReference, uniqueReferenceNumber);

        internal void LoadReplayed(string uniqueReferenceNumber) => Increment(_replaysByReference, uniqueReferenceNumber);

        internal void FaultInjected(SandboxFault fault) => Increment(_faults, fault);

        private static void Increment<TKey>(ConcurrentDictionary<TKey, int> counts, TKey key)
            where TKey : notnull
            => counts.AddOrUpdate(key, 1, (_, count) => count + 1);
    }
}
