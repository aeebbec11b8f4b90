#include "train/experiment_panel.h"

#include "common/studio_support.h"

#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QSplitter>
#include <QStandardPaths>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>
#include <qcustomplot.h>

#include <algorithm>

namespace crowdkd::ui {

namespace {

/// Margin added on both sides of the α axis.
constexpr double kAlphaMargin = 0.05;

QTableWidget* makeTable(int columns, QWidget* parent) {
    auto* table = new QTableWidget(0, columns, parent);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->verticalHeader()->hide();
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table->horizontalHeader()->setStretchLastSection(false);
    table->setSizeAdjustPolicy(QAbstractScrollArea::AdjustToContents);
    table->setAlternatingRowColors(true);
    return table;
}

QTableWidgetItem* numberItem(double value, int decimals) {
    auto* item = new QTableWidgetItem(QLocale().toString(value, 'f', decimals));
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

} // namespace

ExperimentPanel::ExperimentPanel(std::function<pipeline::TrainingConfig()> trainingConfig,
                                 QWidget* parent)
    : QWidget(parent)
    , m_trainingConfig(std::move(trainingConfig))
    , m_session(new ExperimentSession(this))
    , m_intro(new QLabel(this))
    , m_alphasLabel(new QLabel(this))
    , m_alphas(new QLineEdit(QStringLiteral("0.1, 0.3, 0.5, 0.7"), this))
    , m_splitLabel(new QLabel(this))
    , m_split(new QLineEdit(QStringLiteral("test_data"), this))
    , m_maxTestLabel(new QLabel(this))
    , m_maxTest(new QSpinBox(this))
    , m_outLabel(new QLabel(this))
    , m_out(new QLineEdit(this))
    , m_outBrowse(new QToolButton(this))
    , m_runButton(new QPushButton(QIcon(QStringLiteral(":/icons/train.svg")), QString(), this))
    , m_stopButton(new QPushButton(this))
    , m_openButton(new QPushButton(QIcon(QStringLiteral(":/icons/open.svg")), QString(), this))
    , m_status(new QLabel(this))
    , m_progress(new QProgressBar(this))
    , m_table1Label(new QLabel(this))
    , m_table1(makeTable(4, this))
    , m_table2Label(new QLabel(this))
    , m_table2(makeTable(3, this))
    , m_plot(new QCustomPlot(this)) {
    m_alphas->setObjectName(QStringLiteral("experimentAlphas"));
    m_maxTest->setObjectName(QStringLiteral("experimentMaxTest"));
    m_out->setObjectName(QStringLiteral("experimentOut"));
    m_runButton->setObjectName(QStringLiteral("experimentRun"));
    m_stopButton->setObjectName(QStringLiteral("experimentStop"));
    m_intro->setWordWrap(true);
    m_maxTest->setRange(0, 100000);
    m_outBrowse->setText(QStringLiteral("…"));
    m_progress->setRange(0, 1000);
    m_progress->setValue(0);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    for (QLabel* label : {m_table1Label, m_table2Label}) {
        QFont font = label->font();
        font.setBold(true);
        label->setFont(font);
    }

    m_plot->setMinimumHeight(220);
    m_plot->legend->setVisible(true);
    m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
    m_maeGraph = m_plot->addGraph();
    m_maeGraph->setPen(QPen(QColor(0xc0, 0x39, 0x2b), 2.0));
    m_maeGraph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 8));
    m_studentGraph = m_plot->addGraph();
    m_studentGraph->setPen(QPen(QColor(0x7f, 0x8c, 0x8d), 1.5, Qt::DashLine));

    auto* form = new QFormLayout;
    form->addRow(m_alphasLabel, m_alphas);
    form->addRow(m_splitLabel, m_split);
    form->addRow(m_maxTestLabel, m_maxTest);
    auto* outRow = new QHBoxLayout;
    outRow->addWidget(m_out, 1);
    outRow->addWidget(m_outBrowse);
    form->addRow(m_outLabel, outRow);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_runButton);
    buttons->addWidget(m_stopButton);
    buttons->addStretch(1);
    buttons->addWidget(m_openButton);

    auto* tables = new QWidget(this);
    auto* tablesLayout = new QVBoxLayout(tables);
    tablesLayout->setContentsMargins(0, 0, 0, 0);
    tablesLayout->addWidget(m_table1Label);
    tablesLayout->addWidget(m_table1);
    tablesLayout->addWidget(m_table2Label);
    tablesLayout->addWidget(m_table2);
    tablesLayout->addStretch(1);
    auto* results = new QSplitter(Qt::Horizontal, this);
    results->addWidget(tables);
    results->addWidget(m_plot);
    results->setStretchFactor(0, 0);
    results->setStretchFactor(1, 1);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_intro);
    layout->addLayout(form);
    layout->addLayout(buttons);
    layout->addWidget(m_status);
    layout->addWidget(m_progress);
    layout->addWidget(results, 1);

    connect(m_runButton, &QPushButton::clicked, this, &ExperimentPanel::startExperiment);
    connect(m_stopButton, &QPushButton::clicked, this, &ExperimentPanel::stopExperiment);
    connect(m_outBrowse, &QToolButton::clicked, this, [this] {
        const QString dir =
            QFileDialog::getExistingDirectory(this, tr("Experiment folder"), outputFolder());
        if (!dir.isEmpty())
            setOutputFolder(dir);
    });
    connect(m_openButton, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Open an experiment folder"),
                                                              outputFolder());
        if (!dir.isEmpty() && openExperiment(dir))
            setOutputFolder(dir);
    });
    connect(m_session, &ExperimentSession::runStarted, this,
            [this](const QString& name, int index, int count, bool skipped) {
                m_runName = name;
                m_runIndex = index;
                m_runCount = count;
                setStatus([=] {
                    return skipped ? tr("Run %1 of %2: %3 (finished earlier, skipped)")
                                         .arg(index + 1)
                                         .arg(count)
                                         .arg(name)
                                   : tr("Run %1 of %2: %3").arg(index + 1).arg(count).arg(name);
                });
                m_progress->setValue(1000 * index / std::max(1, count + 1));
            });
    connect(m_session, &ExperimentSession::epochProgress, this,
            [this](int epoch, int epochs, int batch, int batches) {
                setStatus([=, index = m_runIndex, count = m_runCount, name = m_runName] {
                    return tr("Run %1 of %2: %3, epoch %4 of %5 (batch %6 of %7)")
                        .arg(index + 1)
                        .arg(count)
                        .arg(name)
                        .arg(epoch + 1)
                        .arg(epochs)
                        .arg(batch)
                        .arg(batches);
                });
                const double inRun = (epoch + static_cast<double>(batch) / std::max(1, batches)) /
                                     std::max(1, epochs);
                m_progress->setValue(
                    static_cast<int>(1000 * (m_runIndex + inRun) / std::max(1, m_runCount + 1)));
            });
    connect(m_session, &ExperimentSession::evaluating, this,
            [this](const QString& name, int done, int total) {
                setStatus([=] {
                    return tr("Testing %1: image %2 of %3").arg(name).arg(done + 1).arg(total);
                });
                m_progress->setValue(1000 * m_runCount / std::max(1, m_runCount + 1));
            });
    connect(m_session, &ExperimentSession::finished, this,
            [this](bool cancelled, const QString& error) {
                updateButtons();
                if (!error.isEmpty()) {
                    setStatus([error] { return tr("The experiment failed: %1").arg(error); });
                    emit experimentFinished(false);
                    return;
                }
                if (cancelled) {
                    setStatus([folder = QDir::toNativeSeparators(outputFolder())] {
                        return tr("Stopped. Finished runs are kept; Run continues the "
                                  "experiment in %1.")
                            .arg(folder);
                    });
                    emit experimentFinished(false);
                    return;
                }
                m_progress->setValue(1000);
                const bool ok = openExperiment(outputFolder());
                if (ok)
                    setStatus([folder = QDir::toNativeSeparators(outputFolder())] {
                        return tr("Finished: the tables are in %1.").arg(folder);
                    });
                emit experimentFinished(ok);
            });

    setOutputFolder(QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) +
                    QStringLiteral("/experiments/alpha-sweep"));
    retranslateUi();
    updateButtons();
}

void ExperimentPanel::setOutputFolder(const QString& dir) {
    m_out->setText(QDir::toNativeSeparators(dir));
}

QString ExperimentPanel::outputFolder() const {
    return QDir::fromNativeSeparators(m_out->text().trimmed());
}

void ExperimentPanel::setMaxTestImages(int count) {
    m_maxTest->setValue(count);
}

bool ExperimentPanel::parseAlphas(std::vector<double>* alphas) const {
    alphas->clear();
    const QStringList items =
        m_alphas->text().split(QRegularExpression(QStringLiteral("[,;\\s]+")), Qt::SkipEmptyParts);
    for (const QString& item : items) {
        bool ok = false;
        double value = QLocale().toDouble(item, &ok);
        if (!ok)
            value = item.toDouble(&ok);
        if (!ok || value < 0 || value > 1)
            return false;
        alphas->push_back(value);
    }
    return !alphas->empty();
}

bool ExperimentPanel::startExperiment() {
    pipeline::ExperimentConfig config;
    config.training = m_trainingConfig();
    QString problem;
    if (m_trainingRunning)
        problem = tr("A training run is going in the Train tab: the sweep can start when it ends.");
    else if (!parseAlphas(&config.alphas))
        problem = tr("The α list must hold numbers between 0 and 1, such as 0.1, 0.3, 0.5, 0.7.");
    else if (config.training.teacher.empty())
        problem = tr("Choose a teacher in the training form: every KD run distils it.");
    else if (outputFolder().isEmpty())
        problem = tr("Choose the experiment folder.");
    else if (m_split->text().trimmed().isEmpty())
        problem = tr("Name the split to test on.");
    if (problem.isEmpty()) {
        config.teacher = config.training.teacher;
        config.out = toPath(outputFolder());
        config.testSplit = m_split->text().trimmed().toStdString();
        config.maxTestImages = m_maxTest->value();
        QString error;
        if (!m_session->start(config, &error))
            problem = error;
    }
    if (!problem.isEmpty()) {
        setStatus([problem] { return problem; });
        return false;
    }
    m_progress->setValue(0);
    setStatus([folder = QDir::toNativeSeparators(outputFolder())] {
        return tr("Starting the experiment in %1…").arg(folder);
    });
    updateButtons();
    return true;
}

void ExperimentPanel::setStatus(std::function<QString()> text) {
    m_statusText = std::move(text);
    m_status->setText(m_statusText ? m_statusText() : QString());
}

void ExperimentPanel::stopExperiment() {
    m_session->stop();
    setStatus([] { return tr("Stopping after the current iteration…"); });
}

bool ExperimentPanel::openExperiment(const QString& dir) {
    ExperimentTables tables;
    QString error;
    if (!readExperimentTables(dir, &tables, &error)) {
        setStatus([error] { return tr("No experiment tables: %1").arg(error); });
        return false;
    }
    showTables(tables);
    // The folder and its α values, so that Run Experiment continues this experiment rather than
    // starting other runs in it or another folder.
    setOutputFolder(dir);
    QStringList alphas;
    for (const ExperimentTableRow& row : tables.table2)
        if (row.alpha > 0)
            alphas << QString::number(row.alpha, 'g', 6);
    if (!alphas.isEmpty())
        m_alphas->setText(alphas.join(QStringLiteral(", ")));
    setStatus([folder = QDir::toNativeSeparators(dir),
               runs = static_cast<int>(std::max<qsizetype>(0, tables.table2.size() - 1))] {
        return tr("Experiment in %1: %n KD run(s).", nullptr, runs).arg(folder);
    });
    return true;
}

/// A Table 1 model name, as table1.csv writes it in English ("Teacher (MCNN)", "KD student (MCNN,
/// α = 0.10)"), in the user's language; other names as they are.
QString ExperimentPanel::modelLabel(const QString& label) {
    static const QRegularExpression teacher(QStringLiteral("^Teacher \\((.+)\\)$"));
    static const QRegularExpression student(QStringLiteral("^Student \\((.+)\\)$"));
    static const QRegularExpression distilled(
        QStringLiteral("^KD student \\((.+), α = ([0-9.]+)\\)$"));
    if (const auto match = distilled.match(label); match.hasMatch())
        return tr("KD student (%1, α = %2)")
            .arg(match.captured(1), QLocale().toString(match.captured(2).toDouble(), 'f', 2));
    if (const auto match = teacher.match(label); match.hasMatch())
        return tr("Teacher (%1)").arg(match.captured(1));
    if (const auto match = student.match(label); match.hasMatch())
        return tr("Student (%1)").arg(match.captured(1));
    return label;
}

void ExperimentPanel::showTables(const ExperimentTables& tables) {
    m_tables = tables;
    m_table1->setRowCount(static_cast<int>(tables.table1.size()));
    for (int i = 0; i < tables.table1.size(); ++i) {
        const ExperimentTableRow& row = tables.table1[i];
        m_table1->setItem(i, 0, new QTableWidgetItem(modelLabel(row.label)));
        m_table1->setItem(i, 1, numberItem(row.weightsMegabytes, 2));
        m_table1->setItem(i, 2, numberItem(row.mae, 2));
        m_table1->setItem(i, 3, numberItem(row.rmse, 2));
    }
    m_table2->setRowCount(static_cast<int>(tables.table2.size()));
    QVector<double> alphas;
    QVector<double> maes;
    double studentMae = -1;
    for (int i = 0; i < tables.table2.size(); ++i) {
        const ExperimentTableRow& row = tables.table2[i];
        // The α = 0 row is the plain student (trained without the teacher).
        const bool student = i == 0 && row.alpha == 0;
        m_table2->setItem(
            i, 0, student ? new QTableWidgetItem(tr("0 (student)")) : numberItem(row.alpha, 2));
        m_table2->setItem(i, 1, numberItem(row.mae, 2));
        m_table2->setItem(i, 2, numberItem(row.rmse, 2));
        if (student) {
            studentMae = row.mae;
        } else {
            alphas << row.alpha;
            maes << row.mae;
        }
    }
    m_maeGraph->setData(alphas, maes);
    // The tables keep every column readable; the plot beside them takes what is left.
    for (QTableWidget* table : {m_table1, m_table2}) {
        table->resizeColumnsToContents();
        table->setMinimumWidth(table->sizeHint().width());
    }
    double low = 0;
    double high = 1;
    if (!alphas.isEmpty()) {
        low = *std::min_element(alphas.begin(), alphas.end()) - kAlphaMargin;
        high = *std::max_element(alphas.begin(), alphas.end()) + kAlphaMargin;
    }
    m_studentGraph->data()->clear();
    if (studentMae >= 0)
        m_studentGraph->setData({low, high}, {studentMae, studentMae});
    m_plot->rescaleAxes();
    m_plot->xAxis->setRange(low, high);
    // Room above the points for the legend.
    const QCPRange y = m_plot->yAxis->range();
    const double pad = std::max(1.0, y.size() * 0.15);
    m_plot->yAxis->setRange(std::max(0.0, y.lower - pad), y.upper + 3 * pad);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void ExperimentPanel::setTrainingRunning(bool running) {
    m_trainingRunning = running;
    updateButtons();
}

void ExperimentPanel::updateButtons() {
    const bool running = m_session->isRunning();
    m_runButton->setEnabled(!running && !m_trainingRunning);
    m_stopButton->setEnabled(running);
    m_openButton->setEnabled(!running);
    for (QWidget* w :
         std::initializer_list<QWidget*>{m_alphas, m_split, m_maxTest, m_out, m_outBrowse})
        w->setEnabled(!running);
}

void ExperimentPanel::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void ExperimentPanel::retranslateUi() {
    m_intro->setText(
        tr("The paper's experiment: a plain MCNN student and one distilled student per "
           "α, trained with the options of the form (data, teacher, epochs, crop, "
           "seed …), then counted on the test split with the teacher. Stopping keeps "
           "the finished runs; running again continues."));
    m_alphasLabel->setText(tr("α values:"));
    m_splitLabel->setText(tr("Test split:"));
    m_maxTestLabel->setText(tr("Test images at most:"));
    m_maxTest->setSpecialValueText(tr("all"));
    m_outLabel->setText(tr("Experiment folder:"));
    m_runButton->setText(tr("Run Experiment"));
    m_stopButton->setText(tr("Stop"));
    m_openButton->setText(tr("Open Experiment…"));
    m_table1Label->setText(tr("Table 1: models"));
    m_table2Label->setText(tr("Table 2: distillation weight α"));
    m_table1->setHorizontalHeaderLabels({tr("Model"), tr("Weights (MB)"), tr("MAE"), tr("RMSE")});
    m_table2->setHorizontalHeaderLabels({tr("α"), tr("MAE"), tr("RMSE")});
    m_maeGraph->setName(tr("KD student MAE"));
    m_studentGraph->setName(tr("Plain student MAE"));
    m_plot->xAxis->setLabel(tr("α (weight of the teacher term)"));
    m_plot->yAxis->setLabel(tr("Test error (people)"));
    if (m_statusText)
        m_status->setText(m_statusText());
    if (!m_tables.table2.isEmpty())
        showTables(m_tables);
    else
        m_plot->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace crowdkd::ui
