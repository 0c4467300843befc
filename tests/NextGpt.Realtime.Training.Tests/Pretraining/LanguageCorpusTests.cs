using System.Text.RegularExpressions;
using NextGpt.Realtime.Training.Pretraining.Language;

namespace NextGpt.Realtime.Training.Tests.Pretraining;

public sealed class LanguageCorpusTests
{
    [Fact]
    public void Name_drills_ask_a_training_persona_its_name_several_times_in_the_served_format()
    {
        var drills = LanguageCorpus.NameDrills(50);

        Assert.Equal(drills, LanguageCorpus.NameDrills(50));
        Assert.True(drills.Distinct().Count() > 45);
        foreach (var drill in drills)
        {
            var name = drill[..drill.IndexOf(',', StringComparison.Ordinal)];
            var answers = Regex.Matches(drill, "### Assistant: (.*)\n").Select(m => m.Groups[1].Value).ToList();
            Assert.InRange(answers.Count, 2, 4);
            Assert.All(answers, answer => Assert.Contains(name, answer, StringComparison.Ordinal));
            Assert.EndsWith("###", drill, StringComparison.Ordinal);
        }
    }
}
