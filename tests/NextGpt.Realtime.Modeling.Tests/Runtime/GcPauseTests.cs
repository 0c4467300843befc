using System.Runtime;
using NextGpt.Realtime.Modeling.Runtime;

namespace NextGpt.Realtime.Modeling.Tests.Runtime;

/// <summary>Runs alone: a no-GC region is process-wide, and encoders in parallel tests start pauses of their own.</summary>
[CollectionDefinition(nameof(GcPauseTests), DisableParallelization = true)]
public sealed class GcPauseCollection;

[Collection(nameof(GcPauseTests))]
public sealed class GcPauseTests
{
    [Fact]
    public void A_pause_holds_off_collections_until_disposed_and_a_nested_pause_leaves_it_running()
    {
        using (GcPause.Start())
        {
            var collections = GC.CollectionCount(0);
            Assert.Equal(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
            using (GcPause.Start())
            {
                var kept = Enumerable.Range(0, 1000).Select(_ => new byte[1024]).ToList();      // 1 MB in small objects
                Assert.Equal(1000, kept.Count);
            }

            Assert.Equal(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
            Assert.Equal(collections, GC.CollectionCount(0));
        }

        Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
    }
}
