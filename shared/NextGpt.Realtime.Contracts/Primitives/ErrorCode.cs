namespace NextGpt.Realtime.Contracts.Primitives;

/// <summary>Machine-readable reasons a request or turn failed. The accompanying message is for people.</summary>
public enum ErrorCode
{
    /// <summary>A field is missing, out of range or of the wrong type.</summary>
    InvalidArgument = 0,

    /// <summary>An uploaded medium could not be decoded (corrupt, empty, unsupported).</summary>
    InvalidMedia = 1,

    /// <summary>An input exceeds a size, pixel, duration or text-length limit.</summary>
    TooLarge = 2,

    /// <summary>The session or upload id is not known to the server.</summary>
    NotFound = 3,

    /// <summary>No or a wrong API key / token.</summary>
    Unauthorized = 4,

    /// <summary>The key's rate limit or concurrent-turn quota is used up; retry after the hint.</summary>
    RateLimited = 5,

    /// <summary>The server's queue is full; retry after the hint.</summary>
    Busy = 6,

    /// <summary>The turn was cancelled (barge-in, new turn, disconnect).</summary>
    Cancelled = 7,

    /// <summary>A fault inside the server; the session stays usable.</summary>
    Internal = 8,

    /// <summary>The client did not read the turn's events fast enough (its buffer filled up); the turn was stopped.</summary>
    TooSlow = 9,
}
