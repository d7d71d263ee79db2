namespace SupportBot.Answering;

/// Everything the bot says in its own words, in one place so that translations have one place to go.
internal static class BotMessages
{
    public const string Welcome =
        "Hi, I'm the Lumora support assistant. Ask me about your account, billing, orders and shipping, returns, " +
        "troubleshooting or privacy, and I'll answer from our help center. You can ask for a person at any time.";
    public const string Greeting = "Hello! What can I help you with today?";
    public const string Thanks = "You're welcome! Is there anything else I can help with?";
    public const string Goodbye = "Thanks for chatting with us. Have a great day!";
    public const string Identity =
        "I'm an automated support assistant. I answer from the help center and can bring in a person when you need one.";
    public const string HowAreYou = "I'm doing well, thanks for asking! What can I help you with?";
    public const string NotSure =
        "I'm not sure I can answer that well from our help center. Would you like me to bring in a person from our support team?";
    public const string ClosestArticle = "The closest article I found";
    public const string AccountAction =
        "That needs someone who can look at your account, which I can't do. Would you like me to bring in a person from our support team?";
    public const string HumanRequested =
        "Sure. I've asked our support team to join this conversation; a person will reply here.";
    public const string EmptyMessage = "I didn't catch a question there. What can I help you with?";
    public const string Source = "Source";
    public const string Sources = "Sources";
    public const string Thinking = "Looking through the help center…";
    public const string TeamWelcome = "Hi everyone, I'm the Lumora support assistant. Mention me with a question and I'll answer from our help center.";
    public const string FeedbackThanks = "Thanks for the feedback.";
    public const string TalkToPerson = "Talk to a person";
    public const string SomethingWentWrong = "Sorry, something went wrong on my side. Please try again in a moment.";
}
