#include "base/error.h"
#include "base/file_io.h"
#include "base/name_table.h"
#include "base/npy.h"
#include "base/text.h"
#include "test_support.h"

#include <QTemporaryDir>
#include <QTest>

#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

#ifndef _WIN32
#include "effective_user.h"
#include "non_files.h"

#include <fcntl.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

namespace fs = std::filesystem;
using namespace crowdkd;

#ifndef _WIN32
namespace {

/// The status of a path itself (a symbolic link is not followed).
struct stat linkStatus(const fs::path& path) {
    struct stat status {};
    if (::lstat(path.c_str(), &status) != 0)
        status.st_mode = 0;
    return status;
}

std::string contentOf(const fs::path& path) {
    const auto bytes = readFileBytes(path);
    return std::string(bytes.begin(), bytes.end());
}

/// The message of the FileError `action` throws, or "" when it throws none.
template <typename Action>
std::string fileErrorOf(Action action) {
    try {
        action();
    } catch (const FileError& error) {
        return error.what();
    }
    return {};
}

/// Unblocks a reader that wrongly opened the FIFO `path`: once the test is done with it (or after
/// a while), opens it for writing without blocking and closes it, so such a reader sees the end of
/// the data and the test fails instead of hanging. A reader that refuses the FIFO never meets it.
class FifoUnblocker {
public:
    explicit FifoUnblocker(const fs::path& path)
        : m_path(path)
        , m_thread([this] { run(); }) {}

    ~FifoUnblocker() {
        {
            std::lock_guard lock(m_mutex);
            m_done = true;
        }
        m_changed.notify_all();
        m_thread.join();
    }

private:
    void run() {
        std::unique_lock lock(m_mutex);
        while (!m_done) {
            m_changed.wait_for(lock, std::chrono::milliseconds(200));
            // A reader blocked in open() or read() on the FIFO: give it a writer that leaves.
            const int fd = ::open(m_path.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
            if (fd >= 0)
                ::close(fd);
        }
    }

    fs::path m_path;
    std::mutex m_mutex;
    std::condition_variable m_changed;
    bool m_done = false;
    std::thread m_thread;
};

std::ptrdiff_t entryCount(const fs::path& folder) {
    return std::distance(fs::directory_iterator(folder), fs::directory_iterator());
}

} // namespace
#endif

/// The standard-library base: .npy I/O, atomic file writes and enum name tables.
class TestBase : public QObject {
    Q_OBJECT

private slots:
    void npyRoundTrip();
    void npyReadsSciPyFixture();
    void npyRejectsBadInput_data();
    void npyRejectsBadInput();
    void atomicWriteReplacesWholeFile();
    void atomicWriteFailureKeepsOriginal();
    void atomicWriteThroughSymbolicLinks();
    void atomicWriteKeepsModeAndOwner();
    void atomicWriteRefusesWhatIsNotAFile();
    void readersOpenOnlyRegularFiles();
    void readersSayWhyAFileCannotBeRead();
    void koreanPaths();
    void nameTables();
    void windowsArgumentsSurviveQuoting();
};

namespace {

/// A Windows command line split as CommandLineToArgvW and the C runtime do, by Microsoft's
/// documented rules: white space separates arguments outside quotes; a quote toggles quoting;
/// 2n backslashes before a quote give n and the quote toggles, 2n + 1 give n and a literal quote;
/// other backslashes are literal.
std::vector<std::wstring> splitWindowsCommandLine(const std::wstring& line) {
    std::vector<std::wstring> arguments;
    std::wstring current;
    bool inArgument = false;
    bool quoted = false;
    for (std::size_t i = 0; i < line.size();) {
        const wchar_t c = line[i];
        if ((c == L' ' || c == L'\t') && !quoted) {
            if (inArgument)
                arguments.push_back(current);
            current.clear();
            inArgument = false;
            ++i;
            continue;
        }
        inArgument = true;
        if (c == L'\\') {
            std::size_t n = 0;
            while (i < line.size() && line[i] == L'\\')
                ++n, ++i;
            if (i < line.size() && line[i] == L'"') {
                current.append(n / 2, L'\\');
                if (n % 2 == 1) {
                    current.push_back(L'"');
                    ++i;
                }
            } else {
                current.append(n, L'\\');
            }
            continue;
        }
        if (c == L'"')
            quoted = !quoted;
        else
            current.push_back(c);
        ++i;
    }
    if (inArgument)
        arguments.push_back(current);
    return arguments;
}

} // namespace

// `crowdkd train --nproc` on Windows passes its own arguments on to the ranks in one command line:
// paths with spaces, quotes, trailing backslashes (a folder) and Korean come back unchanged.
void TestBase::windowsArgumentsSurviveQuoting() {
    const std::vector<std::wstring> arguments = {
        L"crowdkd.exe",
        L"train",
        L"--data",
        L"C:\\Users\\김 철수\\part_A\\",
        L"",
        L"plain",
        L"say \"hello\"",
        L"a\\\\\"b",
        L"ends\\",
        L"\\\\server\\share\\with space\\",
        L"tab\there",
        L"\"",
        L"\\\"",
    };
    std::wstring line;
    for (const std::wstring& argument : arguments)
        line += (line.empty() ? L"" : L" ") + quoteWindowsArgument(argument);
    QCOMPARE(splitWindowsCommandLine(line), arguments);
    // Arguments without white space or quotes are left as they are.
    QCOMPARE(quoteWindowsArgument(L"C:\\part_A\\"), std::wstring(L"C:\\part_A\\"));
    QCOMPARE(quoteWindowsArgument(L"a b\\"), std::wstring(L"\"a b\\\\\""));
}

void TestBase::npyRoundTrip() {
    QTemporaryDir dir;
    const fs::path file = fs::path(dir.path().toStdU16String()) / "map.npy";
    std::vector<float> values(6 * 7);
    for (std::size_t i = 0; i < values.size(); ++i)
        values[i] = std::sin(static_cast<float>(i)) * 1e-3f;
    writeNpy(file, values.data(), {6, 7});
    const NpyArray back = readNpy(file);
    QCOMPARE(back.shape, (std::vector<std::size_t>{6, 7}));
    QCOMPARE(back.values, values);
    // The data must start on a 64-byte boundary, as NumPy writes it.
    const auto bytes = readFileBytes(file);
    QCOMPARE((bytes.size() - values.size() * 4) % 64, std::size_t{0});
}

void TestBase::npyReadsSciPyFixture() {
    CROWDKD_REQUIRE_SHARED("fixtures/pytorch/mcnn_density.npy");
    const NpyArray map = readNpy(test::sharedPath("fixtures/pytorch/mcnn_density.npy"));
    QCOMPARE(map.shape, (std::vector<std::size_t>{24, 32}));
    double sum = 0;
    for (float v : map.values)
        sum += v;
    // manifest.json records the count PyTorch computed from this very map.
    QVERIFY(std::abs(sum - 6186.60107421875) < 0.01);
}

void TestBase::npyRejectsBadInput_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("expected");
    QTest::newRow("empty") << QByteArray() << "bad magic";
    QTest::newRow("text") << QByteArray("hello world, not numpy") << "bad magic";
    const QByteArray header = "{'descr': '<f4', 'fortran_order': False, 'shape': (4, 4), }\n";
    QByteArray truncated("\x93NUMPY\x01\x00", 8);
    truncated.append(char(header.size()));
    truncated.append(char(0));
    truncated.append(header);
    truncated.append(QByteArray(10, '\0'));
    QTest::newRow("truncated data") << truncated << "truncated .npy data";
    QByteArray object = truncated;
    object.replace("<f4", "|O8");
    QTest::newRow("object dtype") << object << "unsupported .npy dtype";
    QByteArray shortHeader("\x93NUMPY\x01\x00\xff\x00{'d", 13);
    QTest::newRow("truncated header") << shortHeader << "truncated .npy header";
}

void TestBase::npyRejectsBadInput() {
    QFETCH(QByteArray, bytes);
    QFETCH(QString, expected);
    try {
        parseNpy(reinterpret_cast<const std::uint8_t*>(bytes.constData()),
                 static_cast<std::size_t>(bytes.size()), "bad.npy");
        QFAIL("bad input was accepted");
    } catch (const FileError& error) {
        QVERIFY2(QString::fromStdString(error.what()).startsWith("bad.npy: "), error.what());
        QVERIFY2(QString::fromStdString(error.what()).contains(expected), error.what());
    }
}

void TestBase::atomicWriteReplacesWholeFile() {
    QTemporaryDir dir;
    const fs::path file = fs::path(dir.path().toStdU16String()) / "a.txt";
    writeFileAtomically(file, std::string("old content that is long"));
    writeFileAtomically(file, std::string("new"));
    const auto bytes = readFileBytes(file);
    QCOMPARE(std::string(bytes.begin(), bytes.end()), std::string("new"));
    // No temporary files are left behind.
    QCOMPARE(std::distance(fs::directory_iterator(file.parent_path()), fs::directory_iterator()),
             1);
}

void TestBase::atomicWriteFailureKeepsOriginal() {
    QTemporaryDir dir;
    const fs::path folder = fs::path(dir.path().toStdU16String());
    const fs::path file = folder / "keep.txt";
    writeFileAtomically(file, std::string("precious"));
    // A folder at the target's name cannot be replaced by a file: the write must fail cleanly.
    const fs::path blocked = folder / "blocked";
    fs::create_directory(blocked);
    fs::create_directory(blocked / "child");
    QVERIFY_THROWS_EXCEPTION(FileError, writeFileAtomically(blocked, std::string("x")));
    QVERIFY(fs::is_directory(blocked / "child"));
    const fs::path missing = folder / "no-such-folder" / "x.txt";
    try {
        writeFileAtomically(missing, std::string("x"));
        QFAIL("write into a missing folder succeeded");
    } catch (const FileError& error) {
        QVERIFY(QString::fromStdString(error.what()).contains("no-such-folder"));
    }
    const auto bytes = readFileBytes(file);
    QCOMPARE(std::string(bytes.begin(), bytes.end()), std::string("precious"));
    QCOMPARE(std::distance(fs::directory_iterator(folder), fs::directory_iterator()), 2);
}

void TestBase::atomicWriteThroughSymbolicLinks() {
#ifdef _WIN32
    QSKIP("symbolic links, FIFOs, modes and owners are POSIX here");
#else
    QTemporaryDir dir;
    const fs::path folder = fs::path(dir.path().toStdU16String());
    fs::create_directory(folder / "data");
    const fs::path target = folder / "data" / "map.npy";
    writeFileAtomically(target, std::string("old"));
    const ino_t oldInode = linkStatus(target).st_ino;
    // A relative link, and an absolute link to that link.
    fs::create_symlink("data/map.npy", folder / "link.npy");
    fs::create_symlink(folder / "link.npy", folder / "link2.npy");
    writeFileAtomically(folder / "link2.npy", std::string("new, through two links"));
    QVERIFY(S_ISLNK(linkStatus(folder / "link.npy").st_mode));
    QVERIFY(S_ISLNK(linkStatus(folder / "link2.npy").st_mode));
    QCOMPARE(fs::read_symlink(folder / "link.npy"), fs::path("data/map.npy"));
    QCOMPARE(contentOf(target), std::string("new, through two links"));
    // The target was replaced by a rename (a new file), not rewritten in place.
    QVERIFY(linkStatus(target).st_ino != oldInode);
    // A library's own writer (a temporary sibling, then replaceFileDurably) does the same: the
    // temporary file lies beside the target, not beside the link.
    const fs::path temp = temporarySibling(folder / "link.npy");
    QCOMPARE(temp.parent_path(), target.parent_path());
    {
        std::ofstream out(temp, std::ios::binary);
        out << "written by a library";
    }
    replaceFileDurably(temp, folder / "link.npy");
    QVERIFY(S_ISLNK(linkStatus(folder / "link.npy").st_mode));
    QCOMPARE(contentOf(target), std::string("written by a library"));
    // A link to a missing file: the save creates the file and keeps the link.
    fs::create_symlink("data/new.npy", folder / "dangling.npy");
    writeFileAtomically(folder / "dangling.npy", std::string("created"));
    QVERIFY(S_ISLNK(linkStatus(folder / "dangling.npy").st_mode));
    QCOMPARE(contentOf(folder / "data" / "new.npy"), std::string("created"));
    // No temporary file is left in either folder.
    QCOMPARE(entryCount(folder), 4);
    QCOMPARE(entryCount(folder / "data"), 2);
    // A link loop is refused with the system's reason, and stays a link.
    fs::create_symlink("loop.npy", folder / "loop.npy");
    const std::string loop =
        fileErrorOf([&] { writeFileAtomically(folder / "loop.npy", std::string("x")); });
    QVERIFY2(loop.find(std::strerror(ELOOP)) != std::string::npos, loop.c_str());
    QVERIFY(S_ISLNK(linkStatus(folder / "loop.npy").st_mode));
#endif
}

void TestBase::atomicWriteKeepsModeAndOwner() {
#ifdef _WIN32
    QSKIP("symbolic links, FIFOs, modes and owners are POSIX here");
#else
    QTemporaryDir dir;
    const fs::path file = fs::path(dir.path().toStdU16String()) / "private.csv";
    writeFileAtomically(file, std::string("old"));
    QCOMPARE(::chmod(file.c_str(), 0600), 0);
    // Root may give a file away: the new version must go back to its owner (nobody), as the issue
    // saw 600 nobody become 644 root.
    const bool root = ::geteuid() == 0;
    const passwd* nobody = ::getpwnam("nobody");
    if (root && nobody)
        QCOMPARE(::chown(file.c_str(), nobody->pw_uid, nobody->pw_gid), 0);
    const struct stat before = linkStatus(file);

    writeFileAtomically(file, std::string("new"));
    struct stat after = linkStatus(file);
    QCOMPARE(contentOf(file), std::string("new"));
    QCOMPARE(after.st_mode & 07777, mode_t{0600});
    QCOMPARE(after.st_uid, before.st_uid);
    QCOMPARE(after.st_gid, before.st_gid);

    // The same through a library's own writer (how .mat files are saved).
    QCOMPARE(::chmod(file.c_str(), 0640), 0);
    const fs::path temp = temporarySibling(file);
    {
        std::ofstream out(temp, std::ios::binary);
        out << "written by a library";
    }
    replaceFileDurably(temp, file);
    after = linkStatus(file);
    QCOMPARE(contentOf(file), std::string("written by a library"));
    QCOMPARE(after.st_mode & 07777, mode_t{0640});
    QCOMPARE(after.st_uid, before.st_uid);
    QCOMPARE(after.st_gid, before.st_gid);
    if (!root || !nobody)
        QSKIP("not root (or no user 'nobody'): the owner could not be given away, so keeping it "
              "was not tested; the permission bits were");
    QVERIFY(after.st_uid == nobody->pw_uid && after.st_uid != ::geteuid());
#endif
}

void TestBase::atomicWriteRefusesWhatIsNotAFile() {
#ifdef _WIN32
    QSKIP("symbolic links, FIFOs, modes and owners are POSIX here");
#else
    QTemporaryDir dir;
    const fs::path folder = fs::path(dir.path().toStdU16String());
    // What --out /dev/null did to the device node, with a FIFO, a folder, a link to the FIFO and
    // (as root) a character device of our own: each must be refused and stay what it was.
    const std::vector<test::NonFile> nonFiles = test::makeNonFiles(folder, ".npy");
    QVERIFY(!nonFiles.empty());
    FifoUnblocker unblocker(nonFiles.front().path); // a writer would block without a reader
    for (const test::NonFile& target : nonFiles) {
        const std::string written =
            fileErrorOf([&] { writeFileAtomically(target.path, std::string("x")); });
        QVERIFY2(written.rfind(pathToUtf8(target.path) + ": is " + target.kind +
                                   ", not a regular file; refusing to replace it",
                               0) == 0,
                 written.c_str());
        QVERIFY(!fileErrorOf([&] { temporarySibling(target.path); }).empty());
        // A library's temporary file is not renamed over it either.
        const fs::path temp = folder / "library.tmp";
        std::ofstream(temp) << "x";
        QVERIFY(!fileErrorOf([&] { replaceFileDurably(temp, target.path); }).empty());
        QVERIFY(!fileErrorOf([&] { replaceFile(temp, target.path); }).empty());
        fs::remove(temp);
    }
    QVERIFY(test::nonFilesUntouched(nonFiles));
    QCOMPARE(entryCount(folder), std::ptrdiff_t(nonFiles.size())); // no temporary file left
    if (nonFiles.size() < 4)
        QSKIP("mknod is not permitted here: the character-device case was not run (the FIFO, "
              "folder and link cases were)");
#endif
}

void TestBase::readersOpenOnlyRegularFiles() {
#ifdef _WIN32
    QSKIP("symbolic links, FIFOs, modes and owners are POSIX here");
#else
    QTemporaryDir dir;
    const fs::path folder = fs::path(dir.path().toStdU16String());
    const fs::path fifo = folder / "IMG_1.jpg";
    QCOMPARE(::mkfifo(fifo.c_str(), 0644), 0);
    const fs::path toFifo = folder / "GT_IMG_1.mat";
    fs::create_symlink("IMG_1.jpg", toFifo);
    FifoUnblocker unblocker(fifo); // a reader that opened the FIFO would block forever
    for (const fs::path& path : {fifo, toFifo}) {
        for (const std::string& message : {fileErrorOf([&] { readFileBytes(path); }),
                                           fileErrorOf([&] { readFilePrefix(path, 16); }),
                                           fileErrorOf([&] { requireRegularFile(path); })}) {
            QVERIFY2(message == pathToUtf8(path) + ": is not a regular file (a FIFO (named pipe))",
                     message.c_str());
        }
    }
    const std::string folderMessage = fileErrorOf([&] { readFileBytes(folder); });
    QVERIFY2(folderMessage == pathToUtf8(folder) + ": is a folder, not a file",
             folderMessage.c_str());
    QVERIFY(S_ISFIFO(linkStatus(fifo).st_mode));
#endif
}

void TestBase::readersSayWhyAFileCannotBeRead() {
#ifdef _WIN32
    QSKIP("symbolic links, FIFOs, modes and owners are POSIX here");
#else
    QTemporaryDir dir;
    const fs::path folder = fs::path(dir.path().toStdU16String());
    auto reasonOf = [](const fs::path& path) {
        const std::string message = fileErrorOf([&] { readFileBytes(path); });
        return message.substr(std::min(message.size(), pathToUtf8(path).size() + 2));
    };
    QCOMPARE(reasonOf(folder / "missing.jpg"), std::string("does not exist"));
    fs::create_symlink("missing.jpg", folder / "dangling.jpg");
    QCOMPARE(reasonOf(folder / "dangling.jpg"),
             std::string("is a broken symbolic link (its target does not exist)"));
    // A loop is not "does not exist": the system's reason is given.
    fs::create_symlink("loop.jpg", folder / "loop.jpg");
    QCOMPARE(reasonOf(folder / "loop.jpg"),
             std::string("cannot be opened: ") + std::strerror(ELOOP));

    // Sizes are checked before anything is allocated: a 3 GiB sparse file (no disk space used).
    const fs::path huge = folder / "huge.pth";
    {
        const int fd = ::open(huge.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
        QVERIFY(fd >= 0);
        QCOMPARE(::ftruncate(fd, off_t{3} << 30), 0);
        ::close(fd);
    }
    QVERIFY2(reasonOf(huge).rfind("too large: 3221225472 bytes", 0) == 0, reasonOf(huge).c_str());
    QCOMPARE(readFilePrefix(huge, 8).size(), std::size_t{8}); // a prefix is still fine
    const fs::path small = folder / "small.npy";
    writeFileAtomically(small, std::string("0123456789"));
    QVERIFY(fileErrorOf([&] { readFileBytes(small, 9); }).find("too large") != std::string::npos);
    QCOMPARE(readFileBytes(small, 10).size(), std::size_t{10});

    // A file the user may not read: the system's reason. Root reads everything, so as root the
    // read runs as 'nobody'.
    const fs::path locked = folder / "locked.mat";
    writeFileAtomically(locked, std::string("secret"));
    QCOMPARE(::chmod(locked.c_str(), 0), 0);
    QCOMPARE(::chmod(folder.c_str(), 0755), 0); // QTemporaryDir makes it 0700
    std::string lockedReason;
    if (::geteuid() == 0) {
        test::EffectiveUser asNobody(test::nobodyUid());
        if (!asNobody.changed())
            QSKIP("running as root without a user 'nobody': the permission case cannot be made");
        lockedReason = reasonOf(locked);
    } else {
        lockedReason = reasonOf(locked);
    }
    QCOMPARE(lockedReason, std::string("cannot be opened: ") + std::strerror(EACCES));
#endif
}

void TestBase::koreanPaths() {
    QTemporaryDir dir;
    const fs::path folder = fs::path(dir.path().toStdU16String()) / pathFromUtf8("군중 데이터");
    fs::create_directory(folder);
    const fs::path file = folder / pathFromUtf8("밀집도 맵.npy");
    const float values[] = {1, 2, 3};
    writeNpy(file, values, {3});
    QCOMPARE(readNpy(file).values, (std::vector<float>{1, 2, 3}));
    QVERIFY(pathToUtf8(file).find("밀집도 맵.npy") != std::string::npos);
}

namespace {

enum class Fruit { Apple, Pear, Plum };

} // namespace

void TestBase::nameTables() {
    constexpr auto kAnyCase = nameTable<Fruit>("fruit", NameCase::AnyCase,
                                               {{Fruit::Apple, "apple"},
                                                {Fruit::Pear, "pear"},
                                                {Fruit::Pear, "poire"},
                                                {Fruit::Plum, "plum"}});
    QCOMPARE(kAnyCase.toString(Fruit::Pear), std::string("pear")); // the first name, not an alias
    QVERIFY(kAnyCase.find("POIRE") == Fruit::Pear);
    QVERIFY(kAnyCase.fromString("Apple") == Fruit::Apple);
    QVERIFY(!kAnyCase.find("apples"));
    QCOMPARE(kAnyCase.names(), std::string("apple, pear or plum"));
    try {
        kAnyCase.fromString("kiwi");
        QFAIL("no exception for an unknown name");
    } catch (const std::invalid_argument& error) {
        QCOMPARE(std::string(error.what()),
                 std::string("unknown fruit 'kiwi' (expected apple, pear or plum)"));
    }

    constexpr auto kExact = nameTable<Fruit>("fruit", NameCase::Exact,
                                             {{Fruit::Apple, "apple"}, {Fruit::Pear, "pear"}});
    QVERIFY(kExact.find("pear") == Fruit::Pear);
    QVERIFY(!kExact.find("Pear"));
    QCOMPARE(kExact.names(), std::string("apple or pear"));
    QVERIFY_THROWS_EXCEPTION(std::logic_error, kExact.toString(Fruit::Plum));
}

QTEST_GUILESS_MAIN(TestBase)
#include "test_base.moc"
