namespace NextGpt.Realtime.Training.Pretraining;

/// <summary>
/// Every stage of the pipeline that builds a model folder, found by reflection, and the order <c>--stage all</c> runs them
/// in: the off-the-shelf components first (paper section 3), then NExT-GPT's three stages (sections 4-5), each of which reads
/// what the earlier ones wrote.
/// </summary>
public static class TrainingStages
{
    public static IReadOnlyList<string> PipelineOrder { get; } =
        ["pretrain-llm", "pretrain-encoder", "pretrain-image", "pretrain-video", "pretrain-audio", "1", "2", "3"];

    public static IReadOnlyDictionary<string, IPretrainingStage> All { get; } = typeof(IPretrainingStage).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IPretrainingStage).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
        .Select(t => (IPretrainingStage)Activator.CreateInstance(t)!)
        .ToDictionary(s => s.Name, StringComparer.Ordinal);

    /// <summary>The stages a <c>--stage</c> value names, in pipeline order; unknown names throw with the list of known ones.</summary>
    public static IReadOnlyList<IPretrainingStage> Resolve(string name)
    {
        if (name == "all")
        {
            return PipelineOrder.Where(All.ContainsKey).Select(n => All[n]).ToList();
        }

        return All.TryGetValue(name, out var stage)
            ? [stage]
            : throw new ArgumentException($"Unknown stage '{name}'. Stages: {string.Join(", ", PipelineOrder.Where(All.ContainsKey))}, all.");
    }
}
