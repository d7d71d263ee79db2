using System.ComponentModel.DataAnnotations;

namespace SupportBot.Touchpoints;

/// The `Touchpoints` section: who may post touchpoints from other systems, how much at once, and how long each
/// kind of touchpoint is kept.
internal sealed class TouchpointsOptions : IValidatableObject
{
    public const string Section = "Touchpoints";

    /// Keys for systems posting to /api/touchpoints (X-Api-Key); separate from the agents' keys.
    public List<string> ApiKeys { get; set; } = [];

    [Range(1, 10_000)]
    public int MaxBatch { get; set; } = 500;

    [Range(1024, 64 * 1024 * 1024)]
    public int MaxBodyBytes { get; set; } = 1024 * 1024;

    /// Days each kind of touchpoint is kept (e.g. customer_message: 365); kinds not named are kept for ever. The days of
    /// customer_message also bound what customers wrote elsewhere: Direct Line transcripts and uploads, undelivered
    /// replies, the text of closed handoffs (CustomerTextRetention).
    public Dictionary<string, int> Retention { get; set; } = new(StringComparer.Ordinal);

    /// How often the retention run deletes what has grown too old.
    [Range(1, 7 * 24 * 60)]
    public int RetentionIntervalMinutes { get; set; } = 60;

    /// How long a post's Idempotency-Key is remembered.
    [Range(1, 24 * 365)]
    public int IdempotencyHours { get; set; } = 48;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (var i = 0; i < ApiKeys.Count; i++)
        {
            if (ApiKeys[i].Length < 16)
            {
                yield return new ValidationResult($"Touchpoints:ApiKeys:{i} must be at least 16 characters.", [nameof(ApiKeys)]);
            }
        }
        foreach (var (kind, days) in Retention)
        {
            if (days < 1)
            {
                yield return new ValidationResult($"Touchpoints:Retention:{kind} must be a number of days of at least 1.", [nameof(Retention)]);
            }
        }
    }
}
