using SupportBot.Answering;
using SupportBot.Knowledge;

namespace SupportBot.Tests.Answering;

/// Operator-written handoff topics: read from JSON lines, matched by weighted stemmed terms, and only when the
/// message is closer to a topic than to the help articles found for it.
public sealed class HandoffTopicTests : IDisposable
{
    private readonly string _file = Path.GetTempFileName();
    private readonly KnowledgeIndex _index = new();

    private readonly KnowledgeSection[] _sections =
    [
        new KnowledgeSection("ship#times", "ship", "Shipping times", "times", "Shipping times", "Parcels are delivered within three to five working days. Express parcels arrive the next day.", 0),
        new KnowledgeSection("acct#email", "acct", "Change your email", "email", "Change your email", "Open Settings and choose Email to change the address on your account.", 0),
    ];

    public HandoffTopicTests()
    {
        File.WriteAllLines(_file,
        [
            """{"topic": "parcel_lost", "reason": "account_specific_issue", "examples": ["my parcel was marked delivered but never reached me", "the courier lost my package"]}""",
            "",
            """{"topic": "close_account", "reason": "account_action", "examples": ["please close my account for good"]}""",
        ]);
        _index.Rebuild(_sections);
    }

    [Fact]
    public void Topics_are_read_from_json_lines_skipping_blank_ones()
    {
        var topics = HandoffTopics.Load(_file);

        Assert.Equal(["parcel_lost", "close_account"], topics.Topics.Select(t => t.Name));
        Assert.Equal("account_action", topics.Topics[1].Reason);
    }

    [Fact]
    public void A_missing_file_means_no_topics()
        => Assert.Empty(HandoffTopics.Load(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "topics.jsonl")).Topics);

    [Fact]
    public void A_topic_without_examples_is_refused_with_its_line()
    {
        File.WriteAllText(_file, """{"topic": "empty", "examples": []}""");

        var error = Assert.Throws<InvalidDataException>(() => HandoffTopics.Load(_file));
        Assert.Contains(":1:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reworded_message_meets_its_topic_when_it_is_closer_than_the_articles()
    {
        var matcher = new HandoffTopicMatcher(HandoffTopics.Load(_file), _index, new SectionSentences(_index));

        var match = matcher.Nearest("the tracking shows delivered but my parcel never reached me", "en", _sections);

        Assert.NotNull(match);
        Assert.Equal("parcel_lost", match.Topic.Name);
        Assert.True(match.CloserThanArticles);
    }

    [Fact]
    public void A_question_an_article_answers_is_closer_to_the_article()
    {
        var matcher = new HandoffTopicMatcher(HandoffTopics.Load(_file), _index, new SectionSentences(_index));

        var match = matcher.Nearest("how many working days until parcels are delivered?", "en", _sections);

        Assert.NotNull(match);
        Assert.False(match.CloserThanArticles);
    }

    public void Dispose()
    {
        _index.Dispose();
        File.Delete(_file);
    }
}
