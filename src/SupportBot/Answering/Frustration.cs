using System.Text.RegularExpressions;

namespace SupportBot.Answering;

/// How upset a message sounds, from a lexicon of English and Indonesian complaints, insults and shouting; used
/// when no language model classifies the message. Strong signs count two and mild ones one, so "I'm frustrated,
/// how do I pair my bulb?" (one mild sign) still gets an answer while "this is useless, I'm fed up" is handed to a
/// person.
internal static partial class Frustration
{
    public static int Score(string message)
    {
        var score = 2 * StrongSigns().Count(message) + MildSigns().Count(message);
        if (Exclamations().IsMatch(message))
        {
            score++;
        }
        // Shouting: several capitalised words, not an acronym or two; a whole message in capitals counts double.
        var shouted = ShoutedWords().Count(message);
        var letters = message.Count(char.IsLetter);
        if (shouted >= 3)
        {
            score += letters > 0 && message.Count(char.IsUpper) >= letters * 0.8 ? 2 : 1;
        }
        return score;
    }

    public static bool IsUpset(string message, int threshold) => Score(message) >= threshold;

    [GeneratedRegex(@"\b(useless|ridiculous|this is unacceptable|pathetic|terrible (service|support)|worst (service|support|company|experience)|scam|rip-?off|fed up|sick (of|and tired)|waste of (my )?time|(you('re| are)|this is) (not helping|no help|useless|a joke|stupid)|not helpful at all|furious|livid|outraged|disgusted|(i'?m|i am|so|really|very) (angry|mad|pissed)|wtf|what the (hell|heck)|for god'?s sake|had enough|(fuck|shit|bullshit)\w*|sangat kecewa|kecewa (berat|banget|sekali)|marah|payah|keterlaluan|(tidak|nggak|ngga|gak|ga) (berguna|guna|membantu|becus)|buang[- ]buang waktu|buang waktu|penipu(an)?|bodoh|sialan|brengsek|bangsat|anjing)\b", RegexOptions.IgnoreCase)]
    private static partial Regex StrongSigns();

    [GeneratedRegex(@"\b(frustrat(ed|ing)|annoy(ed|ing)|disappoint(ed|ing)|upset|angry|unacceptable|still (not|doesn'?t|don'?t|hasn'?t|haven'?t|isn'?t|won'?t)|(third|fourth|3rd|4th) time|again and again|kecewa|kesal|jengkel|parah|masih (belum|tidak|gak|nggak)|berkali[- ]kali|lama banget)\b", RegexOptions.IgnoreCase)]
    private static partial Regex MildSigns();

    [GeneratedRegex(@"[!?]*![!?]*!")]
    private static partial Regex Exclamations();

    [GeneratedRegex(@"\b\p{Lu}{4,}\b")]
    private static partial Regex ShoutedWords();
}
