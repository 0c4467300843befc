namespace NextGpt.Realtime.Server.Security;

/// <summary>Fixed sizes of small request fields (ids and persona text); media and turn limits are configurable options.</summary>
public static class InputLimits
{
    /// <summary>Characters of a session, turn, upload or player id.</summary>
    public const int MaxIdLength = 128;

    /// <summary>Characters of a persona's name, role, each trait and the speaking style.</summary>
    public const int MaxPersonaText = 200;

    /// <summary>Traits of a persona.</summary>
    public const int MaxTraits = 8;
}
