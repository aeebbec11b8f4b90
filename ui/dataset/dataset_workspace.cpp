#include "dataset/dataset_workspace.h"

#include "dataset/dataset_filter_model.h"
#include "dataset/dataset_model.h"
#include "dataset/dataset_session.h"
#include "dataset/split_statistics_view.h"
#include "dataset/thumbnail_delegate.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QDesktopServices>
#include <QDir>
#include <QEvent>
#include <QFileInfo>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QListWidget>
#include <QProgressBar>
#include <QSpinBox>
#include <QSplitter>
#include <QStackedWidget>
#include <QTimer>
#include <QToolButton>
#include <QUrl>
#include <QVBoxLayout>

namespace crowdkd::ui {

namespace {

/// Upper bound of the count filter spin boxes (NWPU images reach 20,000 heads).
constexpr int kMaxCountFilter = 1000000;
/// Initial width of the column of splits, statistics and problems, in pixels.
constexpr int kSideColumnWidth = 330;
/// Initial width of the images, in pixels (the splitter keeps the widths in proportion).
constexpr int kImagesWidth = 900;

} // namespace

DatasetWorkspace::DatasetWorkspace(DatasetSession* session, QWidget* parent)
    : Workspace(parent)
    , m_session(session)
    , m_stack(new QStackedWidget(this))
    , m_startPage(new QWidget(this))
    , m_browser(new QWidget(this))
    , m_splitsTitle(new QLabel(this))
    , m_splits(new QListWidget(this))
    , m_statisticsBox(new QGroupBox(this))
    , m_statistics(new SplitStatisticsView(this))
    , m_problemsBox(new QGroupBox(this))
    , m_problems(new QListWidget(this))
    , m_search(new QLineEdit(this))
    , m_countLabel(new QLabel(this))
    , m_minCount(new QSpinBox(this))
    , m_maxCount(new QSpinBox(this))
    , m_onlyProblems(new QCheckBox(this))
    , m_onlyEdited(new QCheckBox(this))
    , m_sort(new QComboBox(this))
    , m_gridButton(new QToolButton(this))
    , m_listButton(new QToolButton(this))
    , m_progress(new QProgressBar(this))
    , m_shownLabel(new QLabel(this))
    , m_view(new QListView(this))
    , m_filter(new DatasetFilterModel(this))
    , m_delegate(new ThumbnailDelegate(this)) {
    // Left column: splits, statistics, problems.
    m_splits->setObjectName(QStringLiteral("splitList"));
    m_splits->setMaximumHeight(90);
    auto* statisticsLayout = new QVBoxLayout(m_statisticsBox);
    statisticsLayout->addWidget(m_statistics);
    m_problems->setObjectName(QStringLiteral("problemList"));
    m_problems->setWordWrap(true);
    auto* problemsLayout = new QVBoxLayout(m_problemsBox);
    problemsLayout->addWidget(m_problems);
    QFont bold = m_splitsTitle->font();
    bold.setBold(true);
    m_splitsTitle->setFont(bold);

    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(6, 6, 0, 6);
    leftLayout->addWidget(m_splitsTitle);
    leftLayout->addWidget(m_splits);
    leftLayout->addWidget(m_statisticsBox, 3);
    leftLayout->addWidget(m_problemsBox, 2);

    // Right: filter bar and the images.
    m_search->setClearButtonEnabled(true);
    m_search->setObjectName(QStringLiteral("searchField"));
    m_search->setMinimumWidth(150);
    for (QSpinBox* box : {m_minCount, m_maxCount}) {
        box->setRange(0, kMaxCountFilter);
        box->setGroupSeparatorShown(true);
        box->setAccelerated(true);
    }
    m_maxCount->setSpecialValueText(QStringLiteral("∞"));
    m_maxCount->setValue(0);
    m_onlyProblems->setObjectName(QStringLiteral("onlyProblems"));
    m_onlyEdited->setObjectName(QStringLiteral("onlyEdited"));
    m_gridButton->setIcon(QIcon(QStringLiteral(":/icons/select-all.svg")));
    m_listButton->setIcon(QIcon(QStringLiteral(":/icons/dataset.svg")));
    for (QToolButton* button : {m_gridButton, m_listButton}) {
        button->setCheckable(true);
        button->setAutoRaise(true);
        // Icons alone, their names as tooltips: the filter bar fits a 1280-pixel-wide screen.
        button->setToolButtonStyle(Qt::ToolButtonIconOnly);
    }
    // Sized to its items again after each language change, so "Sort by name" is never cut.
    m_sort->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_progress->setMaximumWidth(160);
    m_progress->setTextVisible(false);
    m_progress->setVisible(false);

    // Two rows: in one, the English texts alone made the browser 1,010 pixels wide at the least,
    // and the window wider than a 1280-pixel screen beside the splits panel.
    auto* bar = new QHBoxLayout;
    bar->addWidget(m_search, 2);
    bar->addWidget(m_sort);
    bar->addStretch(1);
    bar->addWidget(m_progress);
    bar->addWidget(m_shownLabel);
    bar->addWidget(m_gridButton);
    bar->addWidget(m_listButton);
    auto* filters = new QHBoxLayout;
    filters->addWidget(m_countLabel);
    filters->addWidget(m_minCount);
    filters->addWidget(new QLabel(QStringLiteral("–"), this));
    filters->addWidget(m_maxCount);
    filters->addSpacing(12);
    filters->addWidget(m_onlyProblems);
    filters->addWidget(m_onlyEdited);
    filters->addStretch(1);

    m_view->setObjectName(QStringLiteral("imageView"));
    m_view->setModel(m_filter);
    m_view->setItemDelegate(m_delegate);
    m_view->setUniformItemSizes(true);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setMouseTracking(true);
    m_view->setLayoutMode(QListView::Batched);
    m_view->setBatchSize(200);

    auto* right = new QWidget(this);
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 6, 6, 6);
    rightLayout->addLayout(bar);
    rightLayout->addLayout(filters);
    rightLayout->addWidget(m_view, 1);

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(left);
    splitter->addWidget(right);
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({kSideColumnWidth, kImagesWidth});
    auto* browserLayout = new QVBoxLayout(m_browser);
    browserLayout->setContentsMargins(0, 0, 0, 0);
    browserLayout->addWidget(splitter);

    m_stack->addWidget(m_startPage);
    m_stack->addWidget(m_browser);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stack);

    setGridMode(true);

    connect(m_session, &DatasetSession::opened, this, &DatasetWorkspace::onOpened);
    connect(m_session, &DatasetSession::closed, this, &DatasetWorkspace::onClosed);
    connect(m_session, &DatasetSession::currentSplitChanged, this,
            &DatasetWorkspace::onSplitChanged);
    connect(m_session, &DatasetSession::loadingProgress, this, [this](int done, int total) {
        m_progress->setRange(0, total);
        m_progress->setValue(done);
        m_progress->setVisible(done < total);
    });
    // Clicks and Enter choose a split (currentRowChanged also fires when the view picks a current
    // row on its own, e.g. when it first gets focus).
    for (auto signal : {&QListWidget::clicked, &QListWidget::activated}) {
        connect(m_splits, signal, m_session,
                [this](const QModelIndex& index) { m_session->setCurrentSplit(index.row()); });
    }
    connect(m_view, &QListView::activated, this, [this](const QModelIndex& index) {
        emit imageActivated(m_filter->mapToSource(index).row());
    });
    connect(m_problems, &QListWidget::itemActivated, this, [](QListWidgetItem* item) {
        // Each problem links to its file: show the folder that holds it.
        const QFileInfo file(item->data(Qt::UserRole).toString());
        QDesktopServices::openUrl(
            QUrl::fromLocalFile(file.isDir() ? file.absoluteFilePath() : file.absolutePath()));
    });
    connect(m_search, &QLineEdit::textChanged, this, &DatasetWorkspace::applyFilter);
    connect(m_minCount, &QSpinBox::valueChanged, this, &DatasetWorkspace::applyFilter);
    connect(m_maxCount, &QSpinBox::valueChanged, this, &DatasetWorkspace::applyFilter);
    connect(m_onlyProblems, &QCheckBox::toggled, this, &DatasetWorkspace::applyFilter);
    connect(m_onlyEdited, &QCheckBox::toggled, this, &DatasetWorkspace::applyFilter);
    connect(m_sort, &QComboBox::currentIndexChanged, this, &DatasetWorkspace::applySort);
    connect(m_gridButton, &QToolButton::clicked, this, [this] { setGridMode(true); });
    connect(m_listButton, &QToolButton::clicked, this, [this] { setGridMode(false); });
    connect(m_filter, &QAbstractItemModel::rowsInserted, this,
            &DatasetWorkspace::refreshStatistics);
    connect(m_filter, &QAbstractItemModel::rowsRemoved, this, &DatasetWorkspace::refreshStatistics);
    connect(m_filter, &QAbstractItemModel::modelReset, this, &DatasetWorkspace::refreshStatistics);

    retranslateUi();
}

// The workspace bar's texts are translated in the shell's context, with the other workspaces'.
QString DatasetWorkspace::title() const {
    return QCoreApplication::translate("crowdkd::ui::MainWindow", "Dataset");
}

QString DatasetWorkspace::description() const {
    return QCoreApplication::translate(
        "crowdkd::ui::MainWindow",
        "Browse the dataset: splits, images, head counts, statistics, problems");
}

QIcon DatasetWorkspace::icon() const {
    return QIcon(QStringLiteral(":/icons/dataset.svg"));
}

QKeySequence DatasetWorkspace::shortcut() const {
    return QKeySequence(Qt::ALT | Qt::Key_1);
}

void DatasetWorkspace::setStartPage(QWidget* page) {
    const bool shown = m_stack->currentWidget() == m_startPage;
    m_stack->removeWidget(m_startPage);
    delete m_startPage;
    m_startPage = page;
    m_stack->insertWidget(0, m_startPage);
    if (shown)
        m_stack->setCurrentWidget(m_startPage);
}

void DatasetWorkspace::setGridMode(bool grid) {
    m_delegate->setGridMode(grid);
    m_gridButton->setChecked(grid);
    m_listButton->setChecked(!grid);
    m_view->setViewMode(grid ? QListView::IconMode : QListView::ListMode);
    m_view->setResizeMode(QListView::Adjust);
    m_view->setMovement(QListView::Static);
    m_view->setSpacing(grid ? 4 : 0);
    m_view->setWrapping(grid);
    m_view->doItemsLayout();
}

void DatasetWorkspace::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    Workspace::changeEvent(event);
}

void DatasetWorkspace::retranslateUi() {
    m_splitsTitle->setText(tr("Splits"));
    m_statisticsBox->setTitle(tr("Statistics"));
    m_problemsBox->setTitle(tr("Problems found"));
    m_search->setPlaceholderText(tr("Filter by name"));
    m_countLabel->setText(tr("Heads:"));
    m_minCount->setToolTip(tr("Show images with at least this many heads"));
    m_maxCount->setToolTip(tr("Show images with at most this many heads (∞: no limit)"));
    m_onlyProblems->setText(tr("Has problems"));
    m_onlyEdited->setText(tr("Edited"));
    m_onlyEdited->setToolTip(tr("Only images whose annotation was edited in the studio"));
    const int sortIndex = m_sort->currentIndex();
    m_sort->blockSignals(true);
    m_sort->clear();
    m_sort->addItems({tr("Sort by name"), tr("Fewest heads first"), tr("Most heads first")});
    m_sort->setCurrentIndex(std::max(0, sortIndex));
    m_sort->blockSignals(false);
    // Never narrower than its longest item in this language ("Sort by r…" was cut at 1280x720).
    m_sort->setMinimumWidth(m_sort->sizeHint().width());
    m_gridButton->setText(tr("Grid"));
    m_gridButton->setToolTip(tr("Show the images as a grid of thumbnails"));
    m_listButton->setText(tr("List"));
    m_listButton->setToolTip(tr("Show the images as a list"));
    for (int i = 0; i < std::min(m_splits->count(), m_session->splitCount()); ++i)
        m_splits->item(i)->setText(splitText(i));
    refreshStatistics();
    refreshProblems();
}

QString DatasetWorkspace::splitText(int split) const {
    const DatasetModel* model = m_session->model(split);
    return tr("%1 (%n image(s))", nullptr, model->rowCount()).arg(model->name());
}

void DatasetWorkspace::onOpened() {
    m_splits->blockSignals(true);
    m_splits->clear();
    for (int i = 0; i < m_session->splitCount(); ++i) {
        DatasetModel* model = m_session->model(i);
        auto* item = new QListWidgetItem(QIcon(QStringLiteral(":/icons/dataset.svg")), splitText(i),
                                         m_splits);
        item->setToolTip(
            QDir::toNativeSeparators(QString::fromStdU16String(model->split().path.u16string())));
        connect(model, &DatasetModel::statisticsChanged, this, [this, model] {
            if (model == m_session->currentModel())
                refreshStatistics();
        });
        connect(model, &DatasetModel::countsLoaded, this, [this, model] {
            if (model == m_session->currentModel())
                refreshProblems();
        });
        connect(model, &DatasetModel::dataChanged, this, [this, model] {
            // Statistics follow counts as they arrive, one refresh per event loop pass however
            // many rows changed (each refresh reads every row).
            if (model == m_session->currentModel() && !m_statisticsQueued) {
                m_statisticsQueued = true;
                QMetaObject::invokeMethod(
                    this,
                    [this] {
                        m_statisticsQueued = false;
                        refreshStatistics();
                    },
                    Qt::QueuedConnection);
            }
        });
    }
    m_splits->blockSignals(false);
    m_stack->setCurrentWidget(m_browser);
}

void DatasetWorkspace::onClosed() {
    m_filter->setSourceModel(nullptr);
    m_splits->clear();
    m_problems->clear();
    m_stack->setCurrentWidget(m_startPage);
}

void DatasetWorkspace::onSplitChanged(int split) {
    m_splits->blockSignals(true);
    m_splits->setCurrentRow(split);
    m_splits->blockSignals(false);
    DatasetModel* model = m_session->currentModel();
    m_filter->setSourceModel(model);
    applySort();
    if (model) {
        m_progress->setRange(0, 2 * model->rowCount());
        m_progress->setValue(model->loadedCounts() + model->loadedThumbnails());
        m_progress->setVisible(model->isLoading());
    }
    refreshStatistics();
    refreshProblems();
}

void DatasetWorkspace::refreshStatistics() {
    DatasetModel* model = m_session->currentModel();
    m_statistics->setStatistics(model ? model->statistics() : SplitStatistics{});
    m_shownLabel->setText(
        model ? tr("%1 of %2 shown").arg(m_filter->rowCount()).arg(model->rowCount()) : QString());
}

void DatasetWorkspace::refreshProblems() {
    m_problems->clear();
    DatasetModel* model = m_session->currentModel();
    if (!model)
        return;
    const auto problems = m_session->datasetProblems() + model->problems();
    for (const auto& [path, message] : problems) {
        auto* item = new QListWidgetItem(
            QStringLiteral("%1: %2").arg(QFileInfo(path).fileName(), message), m_problems);
        item->setData(Qt::UserRole, path);
        item->setToolTip(
            tr("%1\nDouble-click to show the file's folder.").arg(QDir::toNativeSeparators(path)));
    }
    if (problems.isEmpty())
        new QListWidgetItem(tr("No problems found."), m_problems);
    m_problemsBox->setTitle(problems.isEmpty() ? tr("Problems found")
                                               : tr("Problems found (%1)").arg(problems.size()));
}

void DatasetWorkspace::applyFilter() {
    m_filter->setNameFilter(m_search->text());
    m_filter->setCountRange(m_minCount->value(),
                            m_maxCount->value() == 0 ? -1 : m_maxCount->value());
    m_filter->setOnlyProblems(m_onlyProblems->isChecked());
    m_filter->setOnlyEdited(m_onlyEdited->isChecked());
    refreshStatistics();
}

void DatasetWorkspace::applySort() {
    switch (m_sort->currentIndex()) {
    case 1:
        m_filter->setSortKey(DatasetFilterModel::SortKey::Count, Qt::AscendingOrder);
        break;
    case 2:
        m_filter->setSortKey(DatasetFilterModel::SortKey::Count, Qt::DescendingOrder);
        break;
    default:
        m_filter->setSortKey(DatasetFilterModel::SortKey::Name, Qt::AscendingOrder);
        break;
    }
}

} // namespace crowdkd::ui
