// The layers of CONTRIBUTING.md, checked: every #include of core/, ui/ and app/ against the "may
// include" column of the table under "## Layout", which this test reads from the file itself.

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QRegularExpression>
#include <QSet>
#include <QStringList>
#include <QTemporaryDir>
#include <QTest>

#include <vector>

namespace {

/// A third-party library and the headers that are its own. The first family whose pattern
/// matches a header owns it; any other <…> header (the standard library, POSIX, Windows) may be
/// included anywhere.
struct Family {
    QString name;
    QRegularExpression headers;
};

const std::vector<Family>& families() {
    static const std::vector<Family> all = {
        {QStringLiteral("Qt"), QRegularExpression(QStringLiteral(R"(^Q\w*(/.*)?$)"))},
        {QStringLiteral("QCustomPlot"), QRegularExpression(QStringLiteral(R"(^qcustomplot\.h$)"))},
        {QStringLiteral("OpenCV"), QRegularExpression(QStringLiteral(R"(^opencv2/)"))},
        // LibTorch's small version header alone, which does not pull the rest of LibTorch in.
        {QStringLiteral("LibTorch version"),
         QRegularExpression(QStringLiteral(R"(^torch/version\.h$)"))},
        {QStringLiteral("LibTorch"),
         QRegularExpression(QStringLiteral(R"(^(torch|ATen|c10|caffe2)/)"))},
        {QStringLiteral("matio"), QRegularExpression(QStringLiteral(R"(^matio\.h$)"))},
        {QStringLiteral("zlib"), QRegularExpression(QStringLiteral(R"(^zlib\.h$)"))},
        {QStringLiteral("nlohmann_json"), QRegularExpression(QStringLiteral(R"(^nlohmann/)"))},
        {QStringLiteral("ONNX"), QRegularExpression(QStringLiteral(R"(^onnx/)"))},
        {QStringLiteral("protobuf"), QRegularExpression(QStringLiteral(R"(^google/protobuf/)"))},
        {QStringLiteral("CLI11"), QRegularExpression(QStringLiteral(R"(^CLI/)"))},
    };
    return all;
}

const Family* familyOf(const QString& header) {
    for (const Family& family : families()) {
        if (family.headers.match(header).hasMatch())
            return &family;
    }
    return nullptr;
}

/// One row of the layer table: a folder and what its files may include besides its own files.
struct Layer {
    QString folder;           ///< relative to the source tree, such as "core/nn" or "ui"
    QSet<QString> mayInclude; ///< folders of other rows and third-party family names
};

/// The folders whose sources are checked.
const QStringList kCheckedFolders = {QStringLiteral("core"), QStringLiteral("ui"),
                                     QStringLiteral("app")};
/// Where the core libraries' headers are found by their prefix ("pipeline/trainer.h").
const QString kCoreFolder = QStringLiteral("core");
/// Included files that the build generates (moc output, Qt Designer forms).
const QRegularExpression kGeneratedInclude(QStringLiteral(R"((^moc_.*|^ui_.*\.h|\.moc)$)"));
const QRegularExpression kIncludeLine(QStringLiteral(R"(^\s*#\s*include\s*([<"])([^>"]+)[>"])"));

/// The layer table of a source tree and the includes that break it.
class LayerCheck {
public:
    explicit LayerCheck(const QString& root)
        : m_root(root) {
        readTable();
    }

    /// What is wrong with the table itself: unreadable, unknown names, folders that do not exist.
    QStringList tableErrors() const { return m_tableErrors; }

    const std::vector<Layer>& layers() const { return m_layers; }

    /// Every include of a checked file that its layer may not make, and every checked file that no
    /// row covers, one message each ("core/nn/x.cpp:3: …").
    QStringList violations() const {
        QStringList found;
        for (const QString& folder : kCheckedFolders) {
            QDirIterator it(QDir(m_root).filePath(folder),
                            {QStringLiteral("*.h"), QStringLiteral("*.hpp"),
                             QStringLiteral("*.cpp"), QStringLiteral("*.cc")},
                            QDir::Files, QDirIterator::Subdirectories);
            while (it.hasNext())
                checkFile(relative(it.next()), found);
        }
        found.sort();
        return found;
    }

private:
    QString relative(const QString& path) const { return QDir(m_root).relativeFilePath(path); }

    void readTable() {
        QFile file(QDir(m_root).filePath(QStringLiteral("CONTRIBUTING.md")));
        if (!file.open(QIODevice::ReadOnly)) {
            m_tableErrors << QStringLiteral("cannot read %1").arg(file.fileName());
            return;
        }
        const QStringList lines = QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'));
        const QRegularExpression quoted(QStringLiteral("`([^`]+)`"));
        bool inLayout = false;
        bool tableEnded = false; // the first table of ## Layout is the layer table; others follow
        int includeColumn = -1;
        for (const QString& line : lines) {
            if (line.startsWith(QLatin1String("## "))) {
                inLayout = line == QLatin1String("## Layout");
                continue;
            }
            if (!inLayout || tableEnded)
                continue;
            if (!line.startsWith(QLatin1Char('|'))) {
                tableEnded = includeColumn >= 0;
                continue;
            }
            const QStringList cells = line.split(QLatin1Char('|'));
            if (includeColumn < 0) { // the header row
                for (int i = 0; i < cells.size(); ++i) {
                    if (cells[i].trimmed() == QLatin1String("may include"))
                        includeColumn = i;
                }
                continue;
            }
            if (cells.size() <= includeColumn ||
                cells[1].trimmed().startsWith(QLatin1String("---")))
                continue;
            const QRegularExpressionMatch folder = quoted.match(cells[1]);
            if (!folder.hasMatch()) {
                m_tableErrors << QStringLiteral("a row without a `folder`: %1").arg(line);
                continue;
            }
            Layer layer{folder.captured(1), {}};
            for (auto it = quoted.globalMatch(cells[includeColumn]); it.hasNext();)
                layer.mayInclude.insert(it.next().captured(1));
            m_layers.push_back(layer);
        }
        if (includeColumn < 0 || m_layers.empty()) {
            m_tableErrors << QStringLiteral(
                "no table with a \"may include\" column under ## Layout");
            return;
        }
        QSet<QString> known;
        for (const Family& family : families())
            known.insert(family.name);
        for (const Layer& layer : m_layers)
            known.insert(layer.folder);
        for (const Layer& layer : m_layers) {
            if (!QFileInfo(QDir(m_root).filePath(layer.folder)).isDir())
                m_tableErrors << QStringLiteral("the table names %1, which is not a folder")
                                     .arg(layer.folder);
            for (const QString& name : layer.mayInclude) {
                if (!known.contains(name))
                    m_tableErrors << QStringLiteral("%1 may include `%2`: neither a row nor a "
                                                    "third-party library this test knows")
                                         .arg(layer.folder, name);
            }
        }
    }

    /// The row that covers `path` (relative to the root): the longest folder that holds it.
    const Layer* layerOf(const QString& path) const {
        const Layer* best = nullptr;
        for (const Layer& layer : m_layers) {
            if ((path == layer.folder || path.startsWith(layer.folder + QLatin1Char('/'))) &&
                (!best || layer.folder.size() > best->folder.size()))
                best = &layer;
        }
        return best;
    }

    /// The file an include names, relative to the root, as the compiler finds it: beside the
    /// including file (quoted includes only), below the including file's row, below the rows it
    /// may include (app/studio includes "main_window.h" of ui), below any other row, or in a core
    /// library by its prefix; a generated header counts as its `.in` template. Empty when none.
    QString resolve(const QString& includer, const Layer& layer, const QString& header,
                    bool quoted) const {
        QStringList bases;
        if (quoted) {
            bases << QFileInfo(includer).path() << layer.folder;
            QStringList others;
            for (const Layer& row : m_layers) {
                if (layer.mayInclude.contains(row.folder))
                    bases << row.folder;
                else if (row.folder != layer.folder)
                    others << row.folder;
            }
            bases << others;
        }
        bases << kCoreFolder;
        for (const QString& base : bases) {
            const QString candidate = QDir::cleanPath(base + QLatin1Char('/') + header);
            if (candidate.startsWith(QLatin1String("../")))
                continue;
            for (const QString& file : {candidate, candidate + QLatin1String(".in")}) {
                if (QFileInfo(QDir(m_root).filePath(file)).isFile())
                    return candidate;
            }
        }
        return {};
    }

    void checkFile(const QString& path, QStringList& found) const {
        const Layer* layer = layerOf(path);
        if (!layer) {
            found << QStringLiteral("%1: in no row of the layer table").arg(path);
            return;
        }
        QFile file(QDir(m_root).filePath(path));
        if (!file.open(QIODevice::ReadOnly)) {
            found << QStringLiteral("%1: cannot be read").arg(path);
            return;
        }
        const QStringList lines = QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'));
        for (int i = 0; i < lines.size(); ++i) {
            const QRegularExpressionMatch include = kIncludeLine.match(lines[i]);
            if (!include.hasMatch())
                continue;
            const bool quoted = include.captured(1) == QLatin1String("\"");
            const QString header = include.captured(2);
            const QString where = QStringLiteral("%1:%2: #include %3")
                                      .arg(path)
                                      .arg(i + 1)
                                      .arg(quoted ? QLatin1Char('"') + header + QLatin1Char('"')
                                                  : QLatin1Char('<') + header + QLatin1Char('>'));
            QString owner; // a row's folder or a family's name
            const QString target = resolve(path, *layer, header, quoted);
            if (!target.isEmpty()) {
                const Layer* targetLayer = layerOf(target);
                if (!targetLayer) {
                    found << QStringLiteral("%1 names %2, outside the layer table")
                                 .arg(where, target);
                    continue;
                }
                owner = targetLayer->folder;
            } else if (const Family* family = familyOf(header)) {
                owner = family->name;
            } else if (quoted && !kGeneratedInclude.match(header).hasMatch()) {
                found << QStringLiteral("%1 names no file of the source tree").arg(where);
                continue;
            } else {
                continue; // the standard library or the system
            }
            if (owner != layer->folder && !layer->mayInclude.contains(owner)) {
                QStringList allowed(layer->mayInclude.begin(), layer->mayInclude.end());
                allowed.sort();
                found << QStringLiteral("%1 is %2, which %3 may not include (CONTRIBUTING.md "
                                        "allows: %4)")
                             .arg(where, owner, layer->folder,
                                  allowed.isEmpty() ? QStringLiteral("nothing")
                                                    : allowed.join(QStringLiteral(", ")));
            }
        }
    }

    QString m_root;
    std::vector<Layer> m_layers;
    QStringList m_tableErrors;
};

/// Writes `text` to `root`/`path`, creating its folder.
void writeFile(const QString& root, const QString& path, const QByteArray& text) {
    const QString full = QDir(root).filePath(path);
    QDir().mkpath(QFileInfo(full).path());
    QFile file(full);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(text);
}

} // namespace

/// The layer table of CONTRIBUTING.md holds for every #include of core/, ui/ and app/.
class TestLayers : public QObject {
    Q_OBJECT

private slots:
    void tableIsWellFormed();
    void includesFollowTheTable();
    void plantedIncludesAreCaught();
};

void TestLayers::tableIsWellFormed() {
    const LayerCheck check(QStringLiteral(CROWDKD_SOURCE_DIR));
    QVERIFY2(check.tableErrors().isEmpty(),
             qPrintable(check.tableErrors().join(QLatin1Char('\n'))));
    QStringList folders;
    for (const Layer& layer : check.layers())
        folders << layer.folder;
    for (const char* part : {"core/base", "core/data", "core/nn", "core/pipeline", "core/export",
                             "ui", "app/cli", "app/studio"})
        QVERIFY2(folders.contains(QLatin1String(part)), part);
}

void TestLayers::includesFollowTheTable() {
    const LayerCheck check(QStringLiteral(CROWDKD_SOURCE_DIR));
    QVERIFY(check.tableErrors().isEmpty());
    const QStringList violations = check.violations();
    QVERIFY2(violations.isEmpty(), qPrintable(violations.join(QLatin1Char('\n'))));
}

// The check itself, on a small tree with the real table: a layer reaching up, a Qt header in the
// core, a way around the include folders, and a file that no row covers.
void TestLayers::plantedIncludesAreCaught() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString root = dir.path();
    QFile table(
        QDir(QStringLiteral(CROWDKD_SOURCE_DIR)).filePath(QStringLiteral("CONTRIBUTING.md")));
    QVERIFY(table.open(QIODevice::ReadOnly));
    writeFile(root, QStringLiteral("CONTRIBUTING.md"), table.readAll());
    writeFile(root, QStringLiteral("core/base/error.h"), "#pragma once\n#include <string>\n");
    writeFile(root, QStringLiteral("core/pipeline/trainer.h"),
              "#pragma once\n#include \"base/error.h\"\n#include <torch/torch.h>\n");
    writeFile(root, QStringLiteral("core/nn/model.cpp"),
              "#include \"base/error.h\"\n#include \"pipeline/trainer.h\"\n");
    writeFile(root, QStringLiteral("core/data/dataset.cpp"),
              "#include <QString>\n#include \"../pipeline/trainer.h\"\n#include <vector>\n");
    writeFile(root, QStringLiteral("core/extra/thing.cpp"), "#include <string>\n");
    writeFile(root, QStringLiteral("ui/shell/window.cpp"),
              "#include \"pipeline/trainer.h\"\n#include <torch/torch.h>\n"
              "#include <torch/version.h>\n#include \"missing.h\"\n#include \"window.moc\"\n");

    // Each message without the list of what the table allows, which changes with the table.
    QStringList violations = LayerCheck(root).violations();
    for (QString& violation : violations)
        violation = violation.section(QStringLiteral(" (CONTRIBUTING.md allows"), 0, 0);
    const QStringList expected = {
        QStringLiteral("core/data/dataset.cpp:1: #include <QString> is Qt, which core/data may not "
                       "include"),
        QStringLiteral("core/data/dataset.cpp:2: #include \"../pipeline/trainer.h\" is "
                       "core/pipeline, which core/data may not include"),
        QStringLiteral("core/extra/thing.cpp: in no row of the layer table"),
        QStringLiteral("core/nn/model.cpp:2: #include \"pipeline/trainer.h\" is core/pipeline, "
                       "which core/nn may not include"),
        QStringLiteral("ui/shell/window.cpp:2: #include <torch/torch.h> is LibTorch, which "
                       "ui/shell may not include"),
        QStringLiteral("ui/shell/window.cpp:4: #include \"missing.h\" names no file of the source "
                       "tree"),
    };
    QCOMPARE(violations, expected);
}

QTEST_GUILESS_MAIN(TestLayers)
#include "test_layers.moc"
