using System;
using System.Threading;

namespace EnKashGen.IntegrationTests.Infrastructure
{
    /// <summary>A clock that only moves when told to.</summary>
    internal sealed class ManualTimeProvider : TimeProvider
    {
        private long _ticks;

        public ManualTimeProvider(DateTimeOffset start) => _ticks = start.UtcTicks;

        public override DateTimeOffset GetUtcNow() => new DateTimeOffset(Interlocked.Read(ref _ticks), TimeSpan.Zero);

        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
    }
}
