using System;
using System.Threading;

namespace EnKashGen.RuntimeTests.Infrastructure;

/// <summary>A clock that only moves when the test says so (wall-clock only; timers stay real).</summary>
public sealed class ManualTimeProvider : TimeProvider
{
    private long _utcTicks;

    public ManualTimeProvider(DateTimeOffset start)
    {
        _utcTicks = start.UtcTicks;
    }

    public ManualTimeProvider()
        : this(new DateTimeOffset(2025, 1, 29, 11, 57, 51, TimeSpan.Zero))
    {
    }

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _utcTicks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _utcTicks, by.Ticks);
}
