using Nao.Data;

namespace Nao.Tests.Data;

public sealed class CifarReaderTests
{
    [Fact]
    public void Cifar10_is_read_from_a_folder_of_partial_batches_with_labels_and_planes_in_place()
    {
        using var folder = new TestFolder();
        OfficialFiles.WriteFolder(folder.Path, OfficialFiles.Cifar10Sample(perBatch: 4, test: 3));
        var splits = CifarReader.Read(folder.Path, cifar100: false);
        AssertImages(splits.Train, first: 0, count: 20, classes: 10);
        AssertImages(splits.Test!, first: 10_000, count: 3, classes: 10);
        // The sources name the partial files, so a report shows that these are not the official batches.
        Assert.Equal("data_batch_1..5.partial.bin", splits.Train.Source);
        Assert.Equal("test_batch.partial.bin", splits.Test!.Source);
    }

    [Fact]
    public void Cifar10_is_read_straight_from_the_official_tar_gz_given_directly_or_in_the_folder()
    {
        using var folder = new TestFolder();
        var archive = folder.File("cifar-10-binary.tar.gz");
        OfficialFiles.WriteTarGz(archive, "cifar-10-batches-bin", OfficialFiles.Cifar10Sample(perBatch: 3, test: 2));
        foreach (var path in new[] { archive, folder.Path })
        {
            var splits = CifarReader.Read(path, cifar100: false);
            AssertImages(splits.Train, first: 0, count: 15, classes: 10);
            AssertImages(splits.Test!, first: 10_000, count: 2, classes: 10);
        }
    }

    [Fact]
    public void Cifar10_is_found_in_the_extracted_subfolder_and_a_partial_test_batch_stands_in_for_the_full_one()
    {
        using var folder = new TestFolder();
        var files = OfficialFiles.Cifar10Sample(perBatch: 2, test: 2);
        files["test_batch_first1000.partial.bin"] = files["test_batch.partial.bin"];
        files.Remove("test_batch.partial.bin");
        OfficialFiles.WriteFolder(Path.Combine(folder.Path, "cifar-10-batches-bin"), files);
        var splits = CifarReader.Read(folder.Path, cifar100: false);
        Assert.Equal(10, splits.Train.Count);
        Assert.Equal("test_batch_first1000.partial.bin", splits.Test!.Source);
    }

    [Fact]
    public void Cifar100_uses_the_fine_label_of_its_two_label_bytes()
    {
        using var folder = new TestFolder();
        OfficialFiles.WriteFolder(folder.Path, new()
        {
            ["train.partial.bin"] = OfficialFiles.CifarRecords(0, 7, cifar100: true),
            ["test.partial.bin"] = OfficialFiles.CifarRecords(10_000, 2, cifar100: true),
        });
        var splits = CifarReader.Read(folder.Path, cifar100: true);
        AssertImages(splits.Train, first: 0, count: 7, classes: 100);
        Assert.Equal(100, splits.Train.Classes);
    }

    [Fact]
    public void A_truncated_batch_is_rejected_with_its_name_and_the_record_size()
    {
        using var folder = new TestFolder();
        var files = OfficialFiles.Cifar10Sample(perBatch: 2, test: 1);
        files["data_batch_3.partial.bin"] = files["data_batch_3.partial.bin"][..^100];
        OfficialFiles.WriteFolder(folder.Path, files);
        var error = Assert.Throws<InvalidDataException>(() => CifarReader.Read(folder.Path, cifar100: false));
        Assert.Contains("data_batch_3.partial.bin", error.Message);
        Assert.Contains("truncated", error.Message);
        Assert.Contains("3,073-byte", error.Message);
    }

    [Fact]
    public void A_label_out_of_range_is_rejected_as_corrupt_with_the_file_and_record()
    {
        using var folder = new TestFolder();
        var files = OfficialFiles.Cifar10Sample(perBatch: 2, test: 1);
        files["data_batch_2.partial.bin"][3073] = 57;
        OfficialFiles.WriteFolder(folder.Path, files);
        var error = Assert.Throws<InvalidDataException>(() => CifarReader.Read(folder.Path, cifar100: false));
        Assert.Contains("data_batch_2.partial.bin is corrupt: record 1 has label 57", error.Message);
    }

    [Fact]
    public void A_batch_with_an_official_name_but_another_record_count_is_rejected_with_the_counts_and_the_fix()
    {
        using var folder = new TestFolder();
        var files = OfficialFiles.Cifar10Sample(perBatch: 3, test: 1);
        // Whole records, so the length check alone let the run train on 3 images of this batch without a word.
        files["data_batch_3.bin"] = files["data_batch_3.partial.bin"];
        files.Remove("data_batch_3.partial.bin");
        OfficialFiles.WriteFolder(folder.Path, files);
        var error = Assert.Throws<InvalidDataException>(() => CifarReader.Read(folder.Path, cifar100: false));
        Assert.StartsWith($"{folder.File("data_batch_3.bin")} holds 3 records, but the official file of that name holds 10,000", error.Message);
        Assert.Contains("Download cifar-10-binary.tar.gz again and extract it again", error.Message);
        Assert.Contains("rename it data_batch_3.partial.bin", error.Message);
    }

    [Fact]
    public void An_official_test_batch_with_another_record_count_is_rejected_inside_the_official_archive_too()
    {
        using var folder = new TestFolder();
        var archive = folder.File("cifar-10-binary.tar.gz");
        var files = OfficialFiles.Cifar10Sample(perBatch: 2, test: 2);
        files["test_batch.bin"] = files["test_batch.partial.bin"];
        files.Remove("test_batch.partial.bin");
        OfficialFiles.WriteTarGz(archive, "cifar-10-batches-bin", files);
        var error = Assert.Throws<InvalidDataException>(() => CifarReader.Read(archive, cifar100: false));
        Assert.StartsWith($"{archive}:test_batch.bin holds 2 records, but the official file of that name holds 10,000", error.Message);
    }

    [Fact]
    public void Cifar100_official_files_must_hold_50000_training_and_10000_test_records()
    {
        using var folder = new TestFolder();
        OfficialFiles.WriteFolder(folder.Path, new()
        {
            ["train.bin"] = OfficialFiles.CifarRecords(0, 7, cifar100: true),
            ["test.partial.bin"] = OfficialFiles.CifarRecords(10_000, 2, cifar100: true),
        });
        var error = Assert.Throws<InvalidDataException>(() => CifarReader.Read(folder.Path, cifar100: true));
        Assert.Contains("train.bin holds 7 records, but the official file of that name holds 50,000", error.Message);
        Assert.Contains("Download cifar-100-binary.tar.gz again", error.Message);
    }

    [Fact]
    public void Two_partial_files_for_one_batch_are_refused_as_ambiguous()
    {
        using var folder = new TestFolder();
        var files = OfficialFiles.Cifar10Sample(perBatch: 1, test: 1);
        files["data_batch_1.first100.partial.bin"] = files["data_batch_1.partial.bin"];
        OfficialFiles.WriteFolder(folder.Path, files);
        var error = Assert.Throws<InvalidDataException>(() => CifarReader.Read(folder.Path, cifar100: false));
        Assert.Contains("data_batch_1.first100.partial.bin and data_batch_1.partial.bin could each stand in for data_batch_1.bin", error.Message);
    }

    [Fact]
    public void A_missing_batch_is_named_with_the_fix()
    {
        using var folder = new TestFolder();
        var files = OfficialFiles.Cifar10Sample(perBatch: 1, test: 1);
        files.Remove("data_batch_4.partial.bin");
        OfficialFiles.WriteFolder(folder.Path, files);
        var error = Assert.Throws<FileNotFoundException>(() => CifarReader.Read(folder.Path, cifar100: false));
        Assert.Contains("data_batch_4.bin", error.Message);
        Assert.Contains("extract cifar-10-binary.tar.gz again", error.Message);
    }

    [Fact]
    public void An_empty_or_wrong_folder_says_which_file_it_looked_for()
    {
        using var folder = new TestFolder();
        var error = Assert.Throws<FileNotFoundException>(() => CifarReader.Read(folder.Path, cifar100: false));
        Assert.Contains("data_batch_1.bin", error.Message);
        Assert.Throws<FileNotFoundException>(() => CifarReader.Read(folder.File("nowhere"), cifar100: true));
    }

    [Fact]
    public void A_cut_off_archive_is_rejected_as_corrupt_naming_the_archive()
    {
        using var folder = new TestFolder();
        var archive = folder.File("cifar-10-binary.tar.gz");
        OfficialFiles.WriteTarGz(archive, "cifar-10-batches-bin", OfficialFiles.Cifar10Sample(perBatch: 3, test: 2));
        var bytes = File.ReadAllBytes(archive);
        File.WriteAllBytes(archive, bytes[..(bytes.Length / 2)]);
        var error = Assert.Throws<InvalidDataException>(() => CifarReader.Read(archive, cifar100: false));
        Assert.Contains("cifar-10-binary.tar.gz", error.Message);
    }

    [Fact]
    public void An_archive_without_the_batches_is_rejected_naming_the_missing_member()
    {
        using var folder = new TestFolder();
        var archive = folder.File("other.tar.gz");
        OfficialFiles.WriteTarGz(archive, "something", new() { ["readme.txt"] = "hello"u8.ToArray() });
        var error = Assert.Throws<InvalidDataException>(() => CifarReader.Read(archive, cifar100: false));
        Assert.Contains("no member cifar-10-batches-bin/data_batch_1.bin", error.Message);
    }

    private static void AssertImages(ImageDataset data, int first, int count, int classes)
    {
        Assert.Equal(count, data.Count);
        Assert.Equal((3, 32, 32), (data.Channels, data.Height, data.Width));
        for (var i = 0; i < count; i++)
        {
            Assert.Equal(OfficialFiles.Label(first + i, classes), data.Labels[i]);
            var image = data.Image(i);
            // Red plane first, then green (offset 1024), then blue (offset 2048); rows of 32.
            foreach (var offset in new[] { 0, 31, 32, 1023, 1024, 2048 + 5 * 32 + 7, 3071 })
            {
                Assert.Equal(OfficialFiles.Pixel(first + i, offset), image[offset]);
            }
        }
    }
}
