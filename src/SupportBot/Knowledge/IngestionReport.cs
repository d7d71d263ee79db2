namespace SupportBot.Knowledge;

internal sealed record IngestionReport(int Added, int Updated, int Unchanged, int Removed, int Failed, int Sections)
{
    public override string ToString()
        => $"{Added} added, {Updated} updated, {Unchanged} unchanged, {Removed} removed, {Failed} failed; {Sections} sections indexed";
}

internal sealed record IngestionProgress(int Done, int Total, string CurrentFile);
