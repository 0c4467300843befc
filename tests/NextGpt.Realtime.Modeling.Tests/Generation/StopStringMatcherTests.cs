using NextGpt.Realtime.Modeling.Generation;

namespace NextGpt.Realtime.Modeling.Tests.Generation;

public sealed class StopStringMatcherTests
{
    [Fact]
    public void AStopStringSpreadOverPieces_IsCutAndNeverShownInPart()
    {
        var matcher = new StopStringMatcher(["###"]);

        Assert.Equal("Hello", matcher.Push("Hello"));
        Assert.Equal(" there\n", matcher.Push(" there\n#"));
        Assert.Equal("", matcher.Push("#"));
        Assert.False(matcher.Stopped);
        Assert.Equal("", matcher.Push("# Human"));
        Assert.True(matcher.Stopped);
        Assert.Equal("", matcher.Push("more"));
        Assert.Equal("", matcher.Flush());
    }

    [Fact]
    public void HeldTextThatTurnsOutNotToBeAStop_IsReleased()
    {
        var matcher = new StopStringMatcher(["###"]);

        Assert.Equal("a", matcher.Push("a##"));
        Assert.Equal("##b", matcher.Push("b"));
        Assert.Equal("", matcher.Push("#"));
        Assert.Equal("#", matcher.Flush());
    }

    [Fact]
    public void TheEarliestOfSeveralStopStrings_Wins()
    {
        var matcher = new StopStringMatcher(["</s>", "###"]);

        Assert.Equal("x ", matcher.Push("x ### y </s>"));
        Assert.True(matcher.Stopped);
    }

    [Fact]
    public void EmptyStopStrings_AreRefused()
    {
        Assert.Throws<ArgumentException>(() => new StopStringMatcher([""]));
    }
}
