using System.Text.RegularExpressions;
using SupportBot.Localization;

namespace SupportBot.Answering;

/// Greetings, thanks and the like, in English and Indonesian, get a fitting reply instead of a knowledge-base
/// lookup. A pattern must cover the whole message: "hi, how do I reset my password?" is a question, not a greeting.
internal static partial class SmallTalk
{
    private static readonly (Regex Pattern, Func<BotMessages, string> Reply)[] Replies =
    [
        (GreetingPattern(), m => m.Greeting),
        (ThanksPattern(), m => m.Thanks),
        (GoodbyePattern(), m => m.Goodbye),
        (IdentityPattern(), m => m.Identity),
        (HowAreYouPattern(), m => m.HowAreYou),
    ];

    public static string? Reply(string message, BotMessages messages)
    {
        var text = Normalise(message);
        foreach (var (pattern, reply) in Replies)
        {
            if (pattern.IsMatch(text))
            {
                return reply(messages);
            }
        }
        return null;
    }

    /// Whether the message is small talk in either language, whatever the reply would be.
    public static bool Matches(string message)
    {
        var text = Normalise(message);
        return Replies.Any(r => r.Pattern.IsMatch(text));
    }

    /// A request for a person, in either language; the "Talk to a person" button's text in every language is one.
    public static bool AsksForHuman(string message)
        => HumanPattern().IsMatch(message)
           || Languages.Supported.Any(l => string.Equals(message.Trim(), BotMessages.For(l).TalkToPerson, StringComparison.OrdinalIgnoreCase));

    private static string Normalise(string message)
        => TrailingNoise().Replace(message.Trim().ToLowerInvariant(), string.Empty);

    [GeneratedRegex(@"[\s!.?,:;)(\p{So}\p{Sk}]+$")]
    private static partial Regex TrailingNoise();

    [GeneratedRegex(@"^(hi|hello|hey|hiya|howdy|yo|good (morning|afternoon|evening|day)|greetings|halo|hai|helo|selamat (pagi|siang|sore|malam))( there| all| team| semua| kak| min)?$")]
    private static partial Regex GreetingPattern();

    [GeneratedRegex(@"^((ok(ay)?|oke|great|perfect|awesome|cool|got it|that('s| is) (great|helpful|perfect)|baik|sip|mantap)[ ,!.]*)?(thanks?( you)?( so much| a lot| very much)?|thx|ty|cheers|much appreciated|that helped|that was helpful|(terima ?kasih|makasih|trims)( banyak)?|sangat membantu)( for (the|your) help| atas bantuannya| ya| kak| min)?$")]
    private static partial Regex ThanksPattern();

    [GeneratedRegex(@"^(bye|goodbye|see you|see ya|later|have a (good|nice|great) (day|one)|that('s| is) all|dah|sampai jumpa|sudah cukup|itu saja)$")]
    private static partial Regex GoodbyePattern();

    [GeneratedRegex(@"^(who are you|what are you|are you (a )?(bot|robot|human|real person|ai)|is this (a )?(bot|human|real person)|(kamu|anda) (siapa|bot|robot|manusia)|siapa (kamu|anda)|apakah (kamu|anda|ini) (bot|robot|manusia))$")]
    private static partial Regex IdentityPattern();

    [GeneratedRegex(@"^(how are you( doing| today)?|how('s| is) it going|apa kabar)$")]
    private static partial Regex HowAreYouPattern();

    [GeneratedRegex(@"\b(talk|speak|chat|connect me|put me through)\b.{0,20}\b(human|person|agent|representative|someone|somebody|operator|staff)\b|\b(real|live) (person|human|agent)\b|^(agent|human|operator|representative)$|talk to a person|\b(bicara|berbicara|ngobrol|hubungkan|sambungkan|minta)\b.{0,20}\b(manusia|orang|petugas|agen|operator|cs|customer service)\b|^(petugas|agen|operator|cs)$", RegexOptions.IgnoreCase)]
    private static partial Regex HumanPattern();
}
