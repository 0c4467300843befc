using NextGpt.Realtime.Modeling.Prompting;

namespace NextGpt.Realtime.Modeling.Tests.Prompting;

/// <summary>
/// A small real tokenizer for prompt-structure tests: NExT-GPT's added tokens (<c>&lt;Img&gt;</c> = 32000, <c>&lt;/Img&gt;</c>
/// = 32001, <c>[IMG0]</c> = 32002, ...) are matched whole, every other character is its code point + 3 (ids 0-2 stay
/// LLaMA's unk/BOS/EOS). Enough to check where BOS, markers and media land; vocabulary fidelity is the tokenizers' area.
/// </summary>
internal sealed class CharacterTokenizer : IPromptTokenizer
{
    private static readonly (string Text, long Id)[] Added = [("<Img>", 32000), ("</Img>", 32001), ("[IMG0]", 32002)];

    public long BosTokenId => 1;

    public IReadOnlyList<long> Encode(string text)
    {
        var ids = new List<long>();
        for (var i = 0; i < text.Length;)
        {
            var added = Added.FirstOrDefault(a => string.CompareOrdinal(text, i, a.Text, 0, a.Text.Length) == 0);
            if (added.Text is not null)
            {
                ids.Add(added.Id);
                i += added.Text.Length;
            }
            else
            {
                ids.Add(text[i] + 3);
                i++;
            }
        }

        return ids;
    }
}
