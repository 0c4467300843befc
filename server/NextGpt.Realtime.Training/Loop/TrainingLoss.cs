using static TorchSharp.torch;

namespace NextGpt.Realtime.Training.Loop;

/// <summary>
/// A step's loss to back-propagate, plus named parts for the log (NExT-GPT's stage 2 and 3 add the l2 alignment loss to
/// the language-model cross-entropy; logging them apart shows which one is still falling).
/// </summary>
public sealed record TrainingLoss(Tensor Total, IReadOnlyDictionary<string, double> Parts);
