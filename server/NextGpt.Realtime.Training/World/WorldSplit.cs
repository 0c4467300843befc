namespace NextGpt.Realtime.Training.World;

/// <summary>The world's splits. Seeds of different splits give unrelated samples; validation and held-out dialogues use NPC
/// names and trait words never seen in training (world.md, "Dialogue").</summary>
public enum WorldSplit
{
    Train = 0,
    Validation = 1,
    HeldOut = 2,
}
