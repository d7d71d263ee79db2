namespace SupportBot.Analytics.Demo;

/// The causes planted in the demo's survey ratings, in rating points on the 1-5 scale. The rating is Base plus
/// the effects that apply plus noise, rounded and kept within 1-5; the base sits low enough that the rounding and
/// the bounds barely bend the effects, so the driver analysis can be checked against them. The channel, the
/// language, having written before and contacting support again have no effect at all.
internal static class DemoEffects
{
    public const double Base = 3.9;
    public const double Noise = 0.55;

    /// Waiting more than LongWaitMinutes for an agent (the dashboard's default threshold).
    public const int LongWaitMinutes = 5;
    public const double LongWait = -0.9;

    /// One agent is rated lower than the others.
    public const string SlowAgent = "mika";
    public const double SlowAgentEffect = -0.6;

    public const double RepeatedQuestion = -1.0;
    public const double FailedAnswer = -0.5;
    public const double DislikedAnswer = -0.6;
    public const double Upset = -0.6;
    public const double Transferred = -0.4;
    public const double Purchaser = 0.3;
}
