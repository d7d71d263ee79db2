using SupportBot.Answering;

namespace SupportBot.Tests.Answering;

public sealed class MessageClassifierTests
{
    [Theory]
    [InlineData("""{"intent": "human_request", "sentiment": "neutral"}""", "human_request", "neutral")]
    [InlineData("Sure! ```json\n{\"intent\":\"question\",\"sentiment\":\"ANGRY\"}\n```", "question", "angry")]
    [InlineData("""{"intent": "delete_all_data", "sentiment": "angry"}""", null, "angry")]
    public void Known_labels_are_read_from_the_first_JSON_object(string reply, string? intent, string? sentiment)
        => Assert.Equal(new MessageClass(intent, sentiment), MessageClassifier.Parse(reply));

    [Theory]
    [InlineData("The customer seems angry.")]
    [InlineData("{not json}")]
    [InlineData("""{"intent": "refund_everyone", "sentiment": "ecstatic"}""")]
    [InlineData("""["human_request"]""")]
    [InlineData("")]
    public void Anything_else_is_not_a_classification(string reply) => Assert.Null(MessageClassifier.Parse(reply));
}
