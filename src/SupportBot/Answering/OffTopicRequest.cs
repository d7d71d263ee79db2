using System.Text.RegularExpressions;

namespace SupportBot.Answering;

/// Requests a help center never serves, which a keyword search would still "answer" from whichever article shares
/// a word: attempts to steer the bot ("ignore previous instructions", "print your system prompt", "pretend you
/// are…"), and chat about anything but the company (jokes, the weather, poems). They get a short decline.
internal static partial class OffTopicRequest
{
    public static bool IsRequested(string message) => Manipulation().IsMatch(message) || Chatter().IsMatch(message);

    [GeneratedRegex(@"\b(ignore|disregard|forget|override|bypass)\b.{0,30}\b(instructions?|prompts?|rules|guidelines|everything above|all of the above)\b|\b(system|hidden|initial|original)\s+(prompt|instructions?|message)\b|\byour (instructions|prompt|rules|configuration)\b|\b(pretend|act|behave)\b.{0,12}\b(you are|you're|as (a|an|if))\b|\brole[- ]?play\b|\bjailbreak\b|\bdeveloper mode\b|\babaikan\b.{0,30}\b(instruksi|perintah|aturan)\b|\b(prompt|instruksi) sistem\b|\b(berpura[- ]pura|anggap) (kamu|anda|dirimu)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Manipulation();

    [GeneratedRegex(@"\b(tell|give|know) (me )?(a|any|another) (joke|riddle|story|poem)s?\b|\bwrite (me )?(a|an) (poem|song|story|essay|haiku)\b|\bsing (me )?(a|the)\b|\bwhat('s| is) the weather\b|\bweather (forecast|today|tomorrow)\b|\b(cerita|ceritakan|kasih) (lelucon|lawakan|cerita|puisi)\b|\bbuat(kan)? (puisi|lagu|cerita)\b|\bcuaca (hari ini|besok)\b|\bbagaimana cuaca\b", RegexOptions.IgnoreCase)]
    private static partial Regex Chatter();
}
