using System.Text;

namespace SupportBot.Answering;

/// Earlier turns as prompt text: one line each, personal data masked.
internal static class Transcript
{
    public static string ForPrompt(IReadOnlyList<ConversationTurn> history)
    {
        var text = new StringBuilder();
        foreach (var turn in history)
        {
            text.Append(turn.Speaker == Speaker.Customer ? "Customer: " : "Support: ").AppendLine(PersonalData.Redact(turn.Text).ReplaceLineEndings(" "));
        }
        return text.ToString().TrimEnd();
    }
}
