using System;
using System.Collections.Generic;
using System.Globalization;

namespace EnKashGen.Sandbox
{
    /// <summary>
    /// A fault the sandbox can inject into one call. The first two hit before the operation runs, so the sandbox state is
    /// unchanged; the last three hit after it ran, so the state has changed (a load has moved money) although the caller
    /// never sees the real answer. Those are the faults that show whether a client retries money movements safely.
    /// </summary>
    public enum SandboxFault
    {
        /// <summary>The connection is aborted before the operation runs: nothing applied, no answer.</summary>
        DropConnection,

        /// <summary>HTTP <see cref="SandboxFaults.ServerErrorStatus"/> with a gateway-style body before the operation runs: nothing applied.</summary>
        ServerError,

        /// <summary>The operation runs and its answer is cut in half (HTTP 200, unparseable or undecryptable): applied.</summary>
        MalformedBody,

        /// <summary>The operation runs, then the connection is aborted without any answer: applied, no answer.</summary>
        ApplyThenDropConnection,

        /// <summary>The operation runs, then HTTP <see cref="SandboxFaults.ServerErrorStatus"/> is sent instead of its answer: applied.</summary>
        ApplyThenServerError,
    }

    /// <summary>
    /// Faults injected at random into card calls (and, when <see cref="IncludeTokenEndpoint"/> is set, into the token call).
    /// Immutable: swap the whole object through <see cref="SandboxServer.Faults"/>. Rates are probabilities from 0 to 1,
    /// drawn from the server's seeded random numbers, so a seed repeats a run; per call they are checked in the order
    /// drop, server error (both before the operation runs), then apply-then-drop, apply-then-server-error and malformed
    /// body (after it ran). Deterministic faults for the next calls of one operation are set up with
    /// <see cref="SandboxServer.ScriptFault"/>, which wins over these rates.
    /// </summary>
    public sealed record SandboxFaults
    {
        private readonly double _serverErrorRate;
        private readonly double _malformedBodyRate;
        private readonly double _dropConnectionRate;
        private readonly double _applyThenDropConnectionRate;
        private readonly double _applyThenServerErrorRate;
        private readonly int _serverErrorStatus = 503;
        private readonly TimeSpan _latency;

        /// <summary>No faults.</summary>
        public static SandboxFaults None { get; } = new SandboxFaults();

        /// <summary>Delay before each affected request is handled (honours the client hanging up).</summary>
        public TimeSpan Latency
        {
            get => _latency;
            init => _latency = value >= TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(Latency), value, "Latency must not be negative.");
        }

        /// <summary>Share of requests answered with HTTP <see cref="ServerErrorStatus"/> before the operation runs.</summary>
        public double ServerErrorRate
        {
            get => _serverErrorRate;
            init => _serverErrorRate = Rate(value, nameof(ServerErrorRate));
        }

        /// <summary>Share of requests that run and are answered HTTP 200 with a truncated, unparseable body.</summary>
        public double MalformedBodyRate
        {
            get => _malformedBodyRate;
            init => _malformedBodyRate = Rate(value, nameof(MalformedBodyRate));
        }

        /// <summary>Share of requests whose connection is aborted, without any answer, before the operation runs.</summary>
        public double DropConnectionRate
        {
            get => _dropConnectionRate;
            init => _dropConnectionRate = Rate(value, nameof(DropConnectionRate));
        }

        /// <summary>Share of requests that run (a load really moves money) and whose connection is then aborted without any answer.</summary>
        public double ApplyThenDropConnectionRate
        {
            get => _applyThenDropConnectionRate;
            init => _applyThenDropConnectionRate = Rate(value, nameof(ApplyThenDropConnectionRate));
        }

        /// <summary>Share of requests that run and are then answered HTTP <see cref="ServerErrorStatus"/> instead of their real answer.</summary>
        public double ApplyThenServerErrorRate
        {
            get => _applyThenServerErrorRate;
            init => _applyThenServerErrorRate = Rate(value, nameof(ApplyThenServerErrorRate));
        }

        /// <summary>The HTTP status of injected server errors, before or after applying: 500 to 599, 503 by default.</summary>
        public int ServerErrorStatus
        {
            get => _serverErrorStatus;
            init => _serverErrorStatus = value is >= 500 and <= 599
                ? value
                : throw new ArgumentOutOfRangeException(nameof(ServerErrorStatus), value, "ServerErrorStatus must be an HTTP status from 500 to 599.");
        }

        /// <summary>Whether the rates also hit <c>/oauth/token</c> (operationId <c>getPartnerToken</c>).</summary>
        public bool IncludeTokenEndpoint { get; init; }

        /// <summary>
        /// The operationIds the rates and the latency affect, for example only <c>loadCardBalance</c>; null means every card
        /// operation. Unknown ids are refused when the faults are handed to a server.
        /// </summary>
        public IReadOnlyCollection<string>? Operations { get; init; }

        internal bool HasRates => _dropConnectionRate > 0 || _serverErrorRate > 0 || _malformedBodyRate > 0 || _applyThenDropConnectionRate > 0 || _applyThenServerErrorRate > 0;

        internal bool Applies(string operationId, bool isToken)
        {
            if (isToken && !IncludeTokenEndpoint)
            {
                return false;
            }
            if (Operations is null)
            {
                return true;
            }
            foreach (var op in Operations)
            {
                if (string.Equals(op, operationId, StringComparison.Ordinal))
                {
                    return true;
                }
            }
            return false;
        }

        private static double Rate(double value, string name) => value is >= 0 and <= 1
            ? value
            : throw new ArgumentOutOfRangeException(name, value, name + " must be a probability from 0 to 1, not " + value.ToString(CultureInfo.InvariantCulture) + ".");
    }
}
