// Switching the language at run time switches everything: the main window with real data in every
// workspace (part A on Dataset, a finished tiny KD run on Train, models and counts on Compare and
// Count) is switched to Korean and back, and after each switch every text the user can see
// (titles, labels, buttons, group boxes, tabs, combo items, model data and headers, actions,
// menus, tooltips, the status bar, plot axes and legends, the log) is collected. English mode must
// show no Hangul; Korean mode must show no text that is (or is generated from) a source text the
// loaded Korean translation translates. A fresh Korean start is checked the same way.
#include "common/studio_support.h"
#include "compare/compare_workspace.h"
#include "count/count_workspace.h"
#include "dataset/dataset_session.h"
#include "dataset/dataset_workspace.h"
#include "pipeline/training_config.h"
#include "shell/language.h"
#include "shell/main_window.h"
#include "studio_test_support.h"
#include "test_support.h"
#include "train/train_workspace.h"
#include "train/training_session.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAbstractSpinBox>
#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStatusBar>
#include <QTabBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextDocumentFragment>
#include <QTextEdit>
#include <QXmlStreamReader>
#include <qcustomplot.h>

using namespace crowdkd;
using namespace crowdkd::ui;

namespace {

/// Upper bound for the tiny training run and the counts (the machine may be loaded).
constexpr int kTimeoutMs = 300000;
/// Model rows read per view (the part A split has 300; their names are file names).
constexpr int kMaxRows = 60;

QString shared(const QString& relative) {
    return QDir(test::sharedDir()).filePath(relative);
}

/// A source text of crowdkd_ko.ts that Korean translates (its translation differs from it), as a
/// pattern matching what the program generates from it: placeholders match anything, "(s)" the
/// English plural endings, mnemonics are ignored.
struct TranslatedSource {
    QString source;
    QString literal; ///< its longest run of text between placeholders (a quick pre-filter)
    QRegularExpression pattern;
};

QString withoutMnemonics(QString text) {
    text.remove(QRegularExpression(QStringLiteral("\\(&[^)]\\)")));
    text.replace(QLatin1String("&&"), QLatin1String("\x01"));
    text.remove(QLatin1Char('&'));
    text.replace(QLatin1String("\x01"), QLatin1String("&"));
    return text.trimmed();
}

QList<TranslatedSource> translatedSources() {
    QList<TranslatedSource> sources;
    QFile file(QStringLiteral(CROWDKD_TRANSLATIONS_DIR "/crowdkd_ko.ts"));
    if (!file.open(QIODevice::ReadOnly))
        return sources;
    QXmlStreamReader xml(&file);
    QString source;
    QString translation;
    const QRegularExpression placeholder(QStringLiteral("%L?\\d+|%n"));
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement() && xml.name() == QLatin1String("source"))
            source = xml.readElementText();
        else if (xml.isStartElement() && xml.name() == QLatin1String("translation"))
            translation = xml.readElementText(QXmlStreamReader::IncludeChildElements);
        else if (xml.isEndElement() && xml.name() == QLatin1String("message")) {
            const QString plain = withoutMnemonics(source);
            if (!translation.trimmed().isEmpty() && withoutMnemonics(translation) != plain) {
                // Literal runs between the placeholders; a source made of placeholders and
                // punctuation alone ("%1 — %2") says nothing about the language.
                const QStringList literals = plain.split(placeholder);
                QString longest;
                for (const QString& literal : literals) {
                    if (literal.trimmed().size() > longest.size())
                        longest = literal.trimmed();
                }
                static const QRegularExpression letters(QStringLiteral("[A-Za-z]{3}"));
                if (letters.match(plain.split(placeholder).join(QLatin1Char(' '))).hasMatch()) {
                    QStringList parts;
                    for (const QString& literal : literals) {
                        QString escaped = QRegularExpression::escape(literal);
                        escaped.replace(QLatin1String("\\(s\\)"), QLatin1String("(?:s|es)?"));
                        parts << escaped;
                    }
                    TranslatedSource entry;
                    entry.source = source;
                    entry.literal = longest.remove(QLatin1String("(s)"));
                    entry.pattern = QRegularExpression(
                        QStringLiteral("^\\s*") + parts.join(QLatin1String(".*")) +
                            QStringLiteral("\\s*$"),
                        QRegularExpression::DotMatchesEverythingOption);
                    sources << entry;
                }
            }
            source.clear();
            translation.clear();
        }
    }
    return sources;
}

/// Texts the user can see, each with where it was found.
struct Collected {
    QString where;
    QString text;
};

class TextCollector {
public:
    QList<Collected> texts;

    void add(const QString& where, const QString& text) {
        if (text.trimmed().isEmpty())
            return;
        texts.append({where, text});
    }
    void addRich(const QString& where, const QString& text) {
        add(where,
            Qt::mightBeRichText(text) ? QTextDocumentFragment::fromHtml(text).toPlainText() : text);
    }

    void collectModel(const QString& where, QAbstractItemModel* model, const QModelIndex& parent,
                      int depth = 0) {
        if (!model || depth > 3)
            return;
        const int rows = std::min(model->rowCount(parent), kMaxRows);
        for (int row = 0; row < rows; ++row) {
            for (int column = 0; column < model->columnCount(parent); ++column) {
                const QModelIndex index = model->index(row, column, parent);
                add(where, model->data(index, Qt::DisplayRole).toString());
                addRich(where + QStringLiteral(" (tooltip)"),
                        model->data(index, Qt::ToolTipRole).toString());
                if (column == 0 && model->hasChildren(index))
                    collectModel(where, model, index, depth + 1);
            }
        }
        if (parent.isValid())
            return;
        for (int column = 0; column < model->columnCount(); ++column) {
            add(where + QStringLiteral(" (header)"),
                model->headerData(column, Qt::Horizontal).toString());
            addRich(where + QStringLiteral(" (header tooltip)"),
                    model->headerData(column, Qt::Horizontal, Qt::ToolTipRole).toString());
        }
    }

    void collectWidget(QWidget* widget) {
        const QString where =
            QStringLiteral("%1 \"%2\"")
                .arg(QString::fromLatin1(widget->metaObject()->className()), widget->objectName());
        addRich(where + QStringLiteral(" tooltip"), widget->toolTip());
        if (widget->isWindow())
            add(where + QStringLiteral(" window title"), widget->windowTitle());
        if (auto* label = qobject_cast<QLabel*>(widget))
            addRich(where, label->text());
        else if (auto* button = qobject_cast<QAbstractButton*>(widget))
            add(where, button->text());
        else if (auto* box = qobject_cast<QGroupBox*>(widget))
            add(where, box->title());
        else if (auto* tabs = qobject_cast<QTabBar*>(widget)) {
            for (int i = 0; i < tabs->count(); ++i) {
                add(where, tabs->tabText(i));
                addRich(where + QStringLiteral(" tab tooltip"), tabs->tabToolTip(i));
            }
        } else if (auto* combo = qobject_cast<QComboBox*>(widget)) {
            for (int i = 0; i < combo->count(); ++i) {
                add(where, combo->itemText(i));
                addRich(where + QStringLiteral(" item tooltip"),
                        combo->itemData(i, Qt::ToolTipRole).toString());
            }
            if (combo->lineEdit())
                add(where + QStringLiteral(" placeholder"), combo->lineEdit()->placeholderText());
        } else if (auto* edit = qobject_cast<QLineEdit*>(widget)) {
            add(where + QStringLiteral(" placeholder"), edit->placeholderText());
        } else if (auto* spin = qobject_cast<QSpinBox*>(widget)) {
            add(where + QStringLiteral(" suffix"), spin->suffix());
            add(where + QStringLiteral(" prefix"), spin->prefix());
            add(where + QStringLiteral(" special value"), spin->specialValueText());
        } else if (auto* doubleSpin = qobject_cast<QDoubleSpinBox*>(widget)) {
            add(where + QStringLiteral(" suffix"), doubleSpin->suffix());
            add(where + QStringLiteral(" special value"), doubleSpin->specialValueText());
        } else if (auto* progress = qobject_cast<QProgressBar*>(widget)) {
            if (progress->isTextVisible())
                add(where, progress->text());
        } else if (auto* plain = qobject_cast<QPlainTextEdit*>(widget)) {
            add(where + QStringLiteral(" placeholder"), plain->placeholderText());
            for (const QString& line : plain->toPlainText().split(QLatin1Char('\n')))
                add(where, line);
        } else if (auto* text = qobject_cast<QTextEdit*>(widget)) {
            for (const QString& line : text->toPlainText().split(QLatin1Char('\n')))
                add(where, line);
        } else if (auto* status = qobject_cast<QStatusBar*>(widget)) {
            add(where, status->currentMessage());
        } else if (auto* plot = qobject_cast<QCustomPlot*>(widget)) {
            for (QCPAxisRect* rect : plot->axisRects()) {
                for (QCPAxis* axis : rect->axes())
                    add(where + QStringLiteral(" axis"), axis->label());
            }
            for (int i = 0; i < plot->plottableCount(); ++i) {
                if (plot->legend->visible() &&
                    plot->legend->hasItemWithPlottable(plot->plottable(i)))
                    add(where + QStringLiteral(" legend"), plot->plottable(i)->name());
            }
        }
        if (auto* view = qobject_cast<QAbstractItemView*>(widget))
            collectModel(where, view->model(), {});
        if (auto* header = qobject_cast<QHeaderView*>(widget); header && header->model()) {
            for (int i = 0; i < header->count(); ++i)
                add(where, header->model()->headerData(i, header->orientation()).toString());
        }
    }

    /// Every visible widget of `root`, each tab of its tab widgets shown in turn.
    void collectVisible(QWidget* root) {
        const QList<QTabWidget*> tabWidgets = root->findChildren<QTabWidget*>();
        QList<QWidget*> widgets = root->findChildren<QWidget*>();
        widgets.prepend(root);
        for (QWidget* widget : std::as_const(widgets)) {
            if (widget->isVisibleTo(root) || widget == root)
                collectWidget(widget);
        }
        for (QTabWidget* tabs : tabWidgets) {
            if (!tabs->isVisibleTo(root))
                continue;
            const int current = tabs->currentIndex();
            for (int i = 0; i < tabs->count(); ++i) {
                if (i == current)
                    continue;
                tabs->setCurrentIndex(i);
                QWidget* page = tabs->widget(i);
                for (QWidget* widget : page->findChildren<QWidget*>()) {
                    if (widget->isVisibleTo(page))
                        collectWidget(widget);
                }
                collectWidget(page);
            }
            tabs->setCurrentIndex(current);
        }
    }

    void collectActions(QWidget* window) {
        for (QAction* action : window->findChildren<QAction*>()) {
            const QString where = QStringLiteral("QAction \"%1\"").arg(action->objectName());
            add(where, action->text());
            addRich(where + QStringLiteral(" tooltip"), action->toolTip());
            add(where + QStringLiteral(" status tip"), action->statusTip());
            if (action->menu())
                add(where + QStringLiteral(" menu"), action->menu()->title());
        }
        for (QMenu* menu : window->findChildren<QMenu*>())
            add(QStringLiteral("QMenu"), menu->title());
    }
};

bool hasHangul(const QString& text) {
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if ((u >= 0xAC00 && u <= 0xD7A3) || (u >= 0x1100 && u <= 0x11FF) ||
            (u >= 0x3130 && u <= 0x318F))
            return true;
    }
    return false;
}

/// Lines of a text, without the log's "[HH:mm:ss] " prefix.
QStringList linesOf(const QString& text) {
    static const QRegularExpression timestamp(QStringLiteral("^\\[\\d\\d:\\d\\d:\\d\\d\\] "));
    QStringList lines;
    for (QString line : text.split(QLatin1Char('\n'))) {
        line.remove(timestamp);
        if (!line.trimmed().isEmpty())
            lines << line;
    }
    return lines;
}

/// What is wrong in `texts` for `language` ("en": Hangul; "ko": untranslated source texts).
QStringList offenders(const QList<Collected>& texts, const QString& language,
                      const QList<TranslatedSource>& sources) {
    QStringList found;
    const QString koreanName = languageName(QStringLiteral("ko"));
    for (const Collected& item : texts) {
        if (language == QLatin1String("en")) {
            // The language menu names each language in itself.
            if (hasHangul(item.text) && item.text != koreanName)
                found << QStringLiteral("%1: %2").arg(item.where, item.text);
            continue;
        }
        for (const QString& line : linesOf(item.text)) {
            const QString plain = withoutMnemonics(line);
            for (const TranslatedSource& source : sources) {
                if (!plain.contains(source.literal))
                    continue;
                if (source.pattern.match(plain).hasMatch()) {
                    found << QStringLiteral("%1: \"%2\" (source \"%3\")")
                                 .arg(item.where, line, source.source);
                    break;
                }
            }
        }
    }
    found.removeDuplicates();
    return found;
}

} // namespace

class TestLanguageSwitch : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup();
    void switchingLanguageRetranslatesEverything();
    void freshKoreanStartIsKorean();
    void engineMessagesFollowTheLanguage();

private:
    /// Collects every workspace's texts (each shown in turn) and the window's.
    QList<Collected> collectAll(MainWindow& window);
    QStringList check(MainWindow& window, const QString& language);

    QList<TranslatedSource> m_sources;
};

void TestLanguageSwitch::initTestCase() {
    test::isolateUserFolders();
    m_sources = translatedSources();
    QVERIFY2(m_sources.size() > 100, "translations/crowdkd_ko.ts could not be read");
}

void TestLanguageSwitch::cleanup() {
    setLanguage(QStringLiteral("en"));
}

QList<Collected> TestLanguageSwitch::collectAll(MainWindow& window) {
    TextCollector collector;
    const QString shown = window.currentWorkspace();
    for (Workspace* workspace : window.workspaces()) {
        window.setWorkspace(workspace->id());
        QCoreApplication::processEvents();
        collector.collectVisible(&window);
    }
    window.setWorkspace(shown);
    collector.collectActions(&window);
    return collector.texts;
}

QStringList TestLanguageSwitch::check(MainWindow& window, const QString& language) {
    QCoreApplication::processEvents();
    return offenders(collectAll(window), language, m_sources);
}

void TestLanguageSwitch::switchingLanguageRetranslatesEverything() {
    CROWDKD_REQUIRE_SHARED("data/ShanghaiTech/part_A");
    CROWDKD_REQUIRE_SHARED("fixtures/pretrained/mcnn_shtechA_svishwa.pth");
    QVERIFY(setLanguage(QStringLiteral("en")));
    const QString teacher = shared(QStringLiteral("fixtures/pretrained/mcnn_shtechA_svishwa.pth"));
    QTemporaryDir runs;
    QVERIFY(runs.isValid());

    MainWindow window;
    window.resize(1280, 720);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    // Dataset: part A, both splits listed with their image counts.
    QSignalSpy opened(window.session(), &DatasetSession::opened);
    window.openDataset(shared(QStringLiteral("data/ShanghaiTech/part_A")));
    QVERIFY(opened.wait(kTimeoutMs));
    QCOMPARE(window.session()->splitCount(), 2);

    // Train: a finished tiny KD run (status, progress, log, results card, past runs).
    auto* train = window.workspace<TrainWorkspace>();
    train->setRunsRoot(runs.path());
    train->setConfig(test::tinyKdConfig(1));
    QSignalSpy finished(train->session(), &TrainingSession::finished);
    QVERIFY(train->startTraining(true));
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, kTimeoutMs);
    const auto result = finished.front().front().value<pipeline::TrainingResult>();
    QVERIFY2(result.status == pipeline::TrainingStatus::Finished, result.message.c_str());

    // Compare: the teacher and the run's KD student on the open dataset.
    auto* compare = window.workspace<CompareWorkspace>();
    compare->setRunsRoot(runs.path());
    window.setWorkspace(QStringLiteral("compare"));
    compare->setModel(CompareSlot::Teacher, teacher);
    QVERIFY(compare->addRun(train->pastRuns().front()));
    compare->waitUntilIdle();
    QVERIFY(compare->count(CompareSlot::Teacher).has_value());

    // Count: two part A images counted with the teacher.
    auto* count = window.workspace<CountWorkspace>();
    count->setModel(teacher);
    count->addPaths({shared(QStringLiteral("data/ShanghaiTech/part_A/test_data/images/IMG_1.jpg")),
                     shared(QStringLiteral("data/ShanghaiTech/part_A/test_data/images/IMG_2.jpg"))},
                    false);
    count->waitUntilIdle();
    QCOMPARE(count->results().size(), 2);

    const QStringList english = check(window, QStringLiteral("en"));
    QVERIFY2(english.isEmpty(), qPrintable(english.join(QLatin1Char('\n'))));

    QVERIFY(setLanguage(QStringLiteral("ko")));
    const QStringList korean = check(window, QStringLiteral("ko"));
    QVERIFY2(korean.isEmpty(), qPrintable(QStringLiteral("%1 untranslated in Korean:\n%2")
                                              .arg(korean.size())
                                              .arg(korean.join(QLatin1Char('\n')))));

    QVERIFY(setLanguage(QStringLiteral("en")));
    const QStringList back = check(window, QStringLiteral("en"));
    QVERIFY2(back.isEmpty(), qPrintable(QStringLiteral("%1 Korean texts left in English:\n%2")
                                            .arg(back.size())
                                            .arg(back.join(QLatin1Char('\n')))));
}

void TestLanguageSwitch::freshKoreanStartIsKorean() {
    QVERIFY(setLanguage(QStringLiteral("ko")));
    MainWindow window;
    window.resize(1280, 720);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const QStringList korean = check(window, QStringLiteral("ko"));
    QVERIFY2(korean.isEmpty(), qPrintable(QStringLiteral("%1 untranslated in Korean:\n%2")
                                              .arg(korean.size())
                                              .arg(korean.join(QLatin1Char('\n')))));
}

// The training engine (core, no Qt) reports its progress in English; the studio words each kind of
// message in its own language, with the engine's values, and shows any other text as it came.
void TestLanguageSwitch::engineMessagesFollowTheLanguage() {
    using pipeline::MessageKind;
    using pipeline::TrainingMessage;
    const QList<TrainingMessage> messages = {
        {"Removed 5 MiB", 0, 0, MessageKind::CachePruned, {"5", "/tmp/cache", "8"}},
        {"Reading the dataset", 0, 0, MessageKind::ReadingDataset, {}},
        {"Starting the encoder", 0, 0, MessageKind::BackboneWeights, {"/tmp/vgg16_bn.pth"}},
        {"Loading the teacher", 0, 0, MessageKind::LoadingTeacher, {"/tmp/teacher.pth"}},
        {"Caching", 3, 10, MessageKind::CachingTeacherMaps, {}},
        {"Joining", 0, 0, MessageKind::JoiningRanks, {"3", "1", "gloo", "127.0.0.1:29500"}},
        {"Goes on in fp32", 0, 0, MessageKind::PrecisionFellBack, {}},
    };
    QVERIFY(setLanguage(QStringLiteral("en")));
    QStringList english;
    for (const TrainingMessage& message : messages)
        english << TrainingSession::describe(message);
    QCOMPARE(english[0], QStringLiteral("Removed 5 MiB of least recently used cache entries from "
                                        "%1 (budget 8 GiB)")
                             .arg(QDir::toNativeSeparators(QStringLiteral("/tmp/cache"))));
    QCOMPARE(english[5], QStringLiteral("Joining the other 3 training processes as rank 1 (gloo, "
                                        "rendezvous 127.0.0.1:29500)"));
    QVERIFY(setLanguage(QStringLiteral("ko")));
    for (int i = 0; i < messages.size(); ++i) {
        const QString korean = TrainingSession::describe(messages[i]);
        QVERIFY2(korean != english[i], qPrintable(korean));
        for (const std::string& value : messages[i].args)
            QVERIFY2(korean.contains(QDir::toNativeSeparators(QString::fromStdString(value))),
                     qPrintable(korean));
    }
    const TrainingMessage note{"3 images have no ground truth", 0, 0, MessageKind::Other, {}};
    QCOMPARE(TrainingSession::describe(note), QStringLiteral("3 images have no ground truth"));
}

QTEST_MAIN(TestLanguageSwitch)
#include "test_language_switch.moc"
