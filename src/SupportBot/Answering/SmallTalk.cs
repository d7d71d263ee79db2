using System.Text.RegularExpressions;

namespace SupportBot.Answering;

/// Greetings, thanks and the like get a fitting reply instead of a knowledge-base lookup. A pattern must cover the
/// whole message: "hi, how do I reset my password?" is a question, not a greeting.
internal static partial class SmallTalk
{
    private static readonly (Regex Pattern, string Reply)[] Replies =
    [
        (GreetingPattern(), BotMessages.Greeting),
        (ThanksPattern(), BotMessages.Thanks),
        (GoodbyePattern(), BotMessages.Goodbye),
        (IdentityPattern(), BotMessages.Identity),
        (HowAreYouPattern(), BotMessages.HowAreYou),
    ];

    public static string? Reply(string message)
    {
        var text = Normalise(message);
        foreach (var (pattern, reply) in Replies)
        {
            if (pattern.IsMatch(text))
            {
                return reply;
            }
        }
        return null;
    }

    public static bool AsksForHuman(string message) => HumanPattern().IsMatch(message);

    private static string Normalise(string message)
        => TrailingNoise().Replace(message.Trim().ToLowerInvariant(), string.Empty);

    [GeneratedRegex(@"[\s!.?,:;)(\p{So}\p{Sk}]+$")]
    private static partial Regex TrailingNoise();

    [GeneratedRegex(@"^(hi|hello|hey|hiya|howdy|yo|good (morning|afternoon|evening|day)|greetings)( there| all| team| lumora)?$")]
    private static partial Regex GreetingPattern();

    [GeneratedRegex(@"^((ok(ay)?|great|perfect|awesome|cool|got it|that('s| is) (great|helpful|perfect))[ ,!.]*)?(thanks?( you)?( so much| a lot| very much)?|thx|ty|cheers|much appreciated|that helped|that was helpful)( for (the|your) help)?$")]
    private static partial Regex ThanksPattern();

    [GeneratedRegex(@"^(bye|goodbye|see you|see ya|later|have a (good|nice|great) (day|one)|that('s| is) all)$")]
    private static partial Regex GoodbyePattern();

    [GeneratedRegex(@"^(who are you|what are you|are you (a )?(bot|robot|human|real person|ai)|is this (a )?(bot|human|real person))$")]
    private static partial Regex IdentityPattern();

    [GeneratedRegex(@"^(how are you( doing| today)?|how('s| is) it going)$")]
    private static partial Regex HowAreYouPattern();

    [GeneratedRegex(@"\b(talk|speak|chat|connect me|put me through)\b.{0,20}\b(human|person|agent|representative|someone|somebody|operator|staff)\b|\b(real|live) (person|human|agent)\b|^(agent|human|operator|representative)$|talk to a person", RegexOptions.IgnoreCase)]
    private static partial Regex HumanPattern();
}
