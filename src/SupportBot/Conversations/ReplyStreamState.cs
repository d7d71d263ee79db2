namespace SupportBot.Conversations;

/// What a reply stream showed by the time the answer is ready: the text the customer saw in it, whether the channel
/// closed it (Stop pressed), and how long it has been open.
internal sealed record ReplyStreamState(string Shown, bool Closed, TimeSpan Age);
