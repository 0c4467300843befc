namespace NextGpt.Realtime.Modeling.Tests.Tokenization;

/// <summary>A small training corpus for the byte-level BPE tests: chat-formatted lines in NExT-GPT's legacy prompt format.</summary>
internal static class BpeCorpus
{
    private static readonly string[] Subjects = ["a cat", "the dog", "two birds", "a red car", "the old house", "a small boat"];
    private static readonly string[] Places = ["on the sofa", "in the garden", "near the river", "under the tree", "at the station"];
    private static readonly string[] Verbs = ["sleeps", "waits", "sits", "plays", "stands"];

    public static IReadOnlyList<string> Lines { get; } = Build();

    private static List<string> Build()
    {
        var lines = new List<string>();
        var n = 0;
        foreach (var subject in Subjects)
        {
            foreach (var place in Places)
            {
                foreach (var verb in Verbs)
                {
                    n++;
                    lines.Add($"### Human: <Img></Img> describe this image\n### Assistant: {subject} {verb} {place}, photo {n}.\n###");
                    lines.Add($"### Human: show me {subject} {place}\n### Assistant: Here it is.[IMG0] [IMG1] [IMG2] [IMG3]\n###");
                }
            }
        }

        lines.Add("Le café est très bon, où l'été est chaud. Größe und Übung.");
        return lines;
    }
}
