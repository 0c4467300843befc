namespace NextGpt.Realtime.Training.Optimization;

/// <summary>The learning rate as a pure function of the step, so a resumed run continues the same curve.</summary>
public interface ILearningRateSchedule
{
    /// <summary>The rate for the update at zero-based <paramref name="step"/>.</summary>
    double At(long step);
}
