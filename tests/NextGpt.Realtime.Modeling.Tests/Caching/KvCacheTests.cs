using NextGpt.Realtime.Modeling.Caching;
using NextGpt.Realtime.Modeling.Runtime;
using static TorchSharp.torch;

namespace NextGpt.Realtime.Modeling.Tests.Caching;

public sealed class KvCacheTests
{
    public KvCacheTests() => TorchRuntime.Initialize();

    [Fact]
    public void Appending_PastItsCapacity_GrowsAndKeepsEveryPosition()
    {
        using var scope = NewDisposeScope();
        using var cache = new KvCache(1);
        var steps = Enumerable.Range(0, 100).Select(i => full(1, 2, 1, 4, (float)i)).ToList();

        var history = cache.Append(0, steps[0], -steps[0]);
        foreach (var step in steps.Skip(1))
        {
            history = cache.Append(0, step, -step);
        }

        Assert.Equal(100, cache.Length);
        Assert.True(cache.Capacity >= 100);
        Assert.True(history.Keys.equal(cat(steps, dim: 2)).all().item<bool>());
        Assert.True(history.Values.equal(-cat(steps, dim: 2)).all().item<bool>());
    }

    [Fact]
    public void AppendRows_LeftPadsTheShorterSide_AndKeepRowsTrimsSharedPadding()
    {
        using var scope = NewDisposeScope();
        using var batch = new KvCache(1);
        using var joining = new KvCache(1);
        batch.Append(0, ones(1, 1, 5, 2), ones(1, 1, 5, 2));
        joining.Append(0, full(1, 1, 2, 2, 7f), full(1, 1, 2, 2, 7f));

        batch.AppendRows(joining);
        var (keys, _) = batch.Append(0, zeros(2, 1, 1, 2), zeros(2, 1, 1, 2));

        Assert.Equal(2, batch.BatchSize);
        Assert.Equal(6, batch.Length);
        Assert.Equal(new float[] { 0, 0, 0, 7, 7, 0 }, keys[1, 0, .., 0].data<float>().ToArray());

        batch.KeepRows([1], leadingPositions: 3);
        var (kept, _) = batch.Append(0, zeros(1, 1, 1, 2), zeros(1, 1, 1, 2));

        Assert.Equal(1, batch.BatchSize);
        Assert.Equal(new float[] { 7, 7, 0, 0 }, kept[0, 0, .., 0].data<float>().ToArray());
    }

    [Fact]
    public void KeepingNoRows_EmptiesTheCache()
    {
        using var scope = NewDisposeScope();
        using var cache = new KvCache(2);
        cache.Append(0, ones(1, 1, 3, 2), ones(1, 1, 3, 2));
        cache.Append(1, ones(1, 1, 3, 2), ones(1, 1, 3, 2));

        cache.KeepRows([], leadingPositions: 3);

        Assert.Equal(0, cache.Length);
        Assert.Equal(0, cache.BatchSize);
    }

    [Fact]
    public void KeysThatNeedGradients_AreRefused()
    {
        using var scope = NewDisposeScope();
        using var cache = new KvCache(1);
        var keys = ones(1, 1, 1, 2).requires_grad_();

        var error = Assert.Throws<InvalidOperationException>(() => cache.Append(0, keys, keys));
        Assert.Contains("no_grad", error.Message, StringComparison.Ordinal);
    }
}
