namespace SupportBot.Answering;

internal enum Speaker
{
    Customer,
    Support,
}

/// An earlier turn of the conversation, used to read a follow-up question in context.
internal sealed record ConversationTurn(Speaker Speaker, string Text);
