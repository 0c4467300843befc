namespace NextGpt.Realtime.Modeling.Schedulers;

/// <summary>Creates the scheduler a <c>scheduler_config.json</c> names in <c>_class_name</c>.</summary>
public static class SchedulerFactory
{
    public static IScheduler Create(SchedulerConfig config, string? className = null) => (className ?? config.ClassName) switch
    {
        "PNDMScheduler" => new PndmScheduler(config),
        "DDIMScheduler" => new DdimScheduler(config),
        "EulerDiscreteScheduler" => new EulerDiscreteScheduler(config),
        "DPMSolverMultistepScheduler" => new DpmSolverMultistepScheduler(config),
        var other => throw new InvalidDataException(
            $"Scheduler '{other ?? "(no _class_name)"}' is not supported (PNDMScheduler, DDIMScheduler, EulerDiscreteScheduler, " +
            "DPMSolverMultistepScheduler)."),
    };

    /// <summary>Reads <c>scheduler_config.json</c> and creates its scheduler.</summary>
    public static IScheduler Load(string path) => Create(SchedulerConfig.Load(path));
}
