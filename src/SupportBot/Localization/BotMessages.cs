using System.Collections.Concurrent;
using System.Globalization;
using System.Resources;

namespace SupportBot.Localization;

/// Everything the bot says in its own words, in one language. The words are resources (BotMessages.resx and one
/// BotMessages.{language}.resx per translation), so a translation is a file, not code.
internal sealed class BotMessages
{
    private static readonly ResourceManager Resources = new("SupportBot.Localization.BotMessages", typeof(BotMessages).Assembly);
    private static readonly ConcurrentDictionary<string, BotMessages> ByLanguage = new(StringComparer.Ordinal);

    private readonly CultureInfo _culture;

    // ResourceManager walks the culture fallback under a lock on every lookup; the words never change while running.
    private readonly ConcurrentDictionary<string, string> _texts = new(StringComparer.Ordinal);

    private BotMessages(string language)
    {
        Language = language;
        _culture = CultureInfo.GetCultureInfo(language);
    }

    public static BotMessages English => For(Languages.English);

    /// The messages of a language or locale ("id", "id-ID"); English for one SupportBot does not speak.
    public static BotMessages For(string? language)
        => ByLanguage.GetOrAdd(Languages.FromLocale(language) ?? Languages.English, code => new BotMessages(code));

    /// The resource names, for checking that every translation has them all.
    public static ResourceManager ResourceManager => Resources;

    public string Language { get; }

    public string Welcome(string company) => string.Format(_culture, Text(nameof(Welcome)), company);
    public string TeamWelcome(string company) => string.Format(_culture, Text(nameof(TeamWelcome)), company);
    public string Greeting => Text(nameof(Greeting));
    public string Thanks => Text(nameof(Thanks));
    public string Goodbye => Text(nameof(Goodbye));
    public string Identity => Text(nameof(Identity));
    public string HowAreYou => Text(nameof(HowAreYou));
    public string NotSure => Text(nameof(NotSure));
    public string ClosestArticle => Text(nameof(ClosestArticle));
    public string AccountAction => Text(nameof(AccountAction));
    public string HumanRequested => Text(nameof(HumanRequested));
    public string Frustrated => Text(nameof(Frustrated));
    public string RepeatedFailure => Text(nameof(RepeatedFailure));
    public string AccountIssue => Text(nameof(AccountIssue));
    public string OffTopic => Text(nameof(OffTopic));
    public string UnsupportedLanguage => Text(nameof(UnsupportedLanguage));
    public string NextStep => Text(nameof(NextStep));
    public string ArticleInEnglish => Text(nameof(ArticleInEnglish));
    public string EmptyMessage => Text(nameof(EmptyMessage));
    public string Source => Text(nameof(Source));
    public string Sources => Text(nameof(Sources));
    public string Thinking => Text(nameof(Thinking));
    public string TalkToPerson => Text(nameof(TalkToPerson));
    public string TalkToPersonDescription => Text(nameof(TalkToPersonDescription));
    public string SomethingWentWrong => Text(nameof(SomethingWentWrong));
    public string QueuePosition(int position, int minutes) => string.Format(_culture, Text(nameof(QueuePosition)), position, minutes);
    public string AgentJoined(string agent) => string.Format(_culture, Text(nameof(AgentJoined)), agent);
    public string HandoffCancelled => Text(nameof(HandoffCancelled));
    public string HandedBack(string agent) => string.Format(_culture, Text(nameof(HandedBack)), agent);
    public string TransferredToAgent(string agent) => string.Format(_culture, Text(nameof(TransferredToAgent)), agent);
    public string TransferredToAnotherAgent => Text(nameof(TransferredToAnotherAgent));
    public string TransferredToQueue(string queue) => string.Format(_culture, Text(nameof(TransferredToQueue)), queue);
    public string SurveyQuestion => Text(nameof(SurveyQuestion));
    public string SurveyComment => Text(nameof(SurveyComment));
    public string SurveyRatingRequired => Text(nameof(SurveyRatingRequired));
    public string SurveySend => Text(nameof(SurveySend));
    public string SurveyThanks => Text(nameof(SurveyThanks));
    public string SurveyVeryDissatisfied => Text(nameof(SurveyVeryDissatisfied));
    public string SurveyVerySatisfied => Text(nameof(SurveyVerySatisfied));
    public string OfflineNoAgents => Text(nameof(OfflineNoAgents));
    public string OutsideHours(string hours) => string.Format(_culture, Text(nameof(OutsideHours)), hours);
    public string TicketSaved(string contact) => string.Format(_culture, Text(nameof(TicketSaved)), contact);
    public string TicketSavedInChat => Text(nameof(TicketSavedInChat));
    public string HandoffFailed => Text(nameof(HandoffFailed));

    /// The culture the messages are written for, for formatting days and times within them.
    public CultureInfo Culture => _culture;

    private string Text(string name) => _texts.TryGetValue(name, out var text) ? text : _texts.GetOrAdd(name, Lookup(name));

    private string Lookup(string name)
        => Resources.GetString(name, _culture) ?? throw new MissingManifestResourceException($"The bot message '{name}' is missing.");
}
