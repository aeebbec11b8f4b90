#pragma once

#include "common/workspace.h"

class QCheckBox;
class QComboBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QListView;
class QListWidget;
class QProgressBar;
class QSpinBox;
class QStackedWidget;
class QToolButton;

namespace crowdkd::ui {

class DatasetFilterModel;
class DatasetSession;
class SplitStatisticsView;
class ThumbnailDelegate;

/// The Dataset workspace: the start page while no dataset is open, then the dataset browser —
/// splits, the images as a thumbnail grid or a list with head counts (sortable, filterable),
/// per-split statistics with a count histogram, and the problems the loader found.
class DatasetWorkspace : public Workspace {
    Q_OBJECT

public:
    static constexpr const char* kId = "dataset";

    explicit DatasetWorkspace(DatasetSession* session, QWidget* parent = nullptr);

    QString id() const override { return QLatin1String(kId); }
    QString title() const override;
    QString description() const override;
    QIcon icon() const override;
    QKeySequence shortcut() const override;

    /// The page shown while no dataset is open (the shell's welcome page); the workspace owns it.
    void setStartPage(QWidget* page);
    /// The filtered, sorted images of the current split (the Annotate workspace follows it).
    DatasetFilterModel* filterModel() const { return m_filter; }
    QListView* imageView() const { return m_view; }
    SplitStatisticsView* statisticsView() const { return m_statistics; }
    QListWidget* problemList() const { return m_problems; }

    void setGridMode(bool grid);

signals:
    /// The user chose an image (double-click or Enter): source row in the current split's model.
    void imageActivated(int sourceRow);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    /// The split list's text of `split`: its name and number of images.
    QString splitText(int split) const;
    void onOpened();
    void onClosed();
    void onSplitChanged(int split);
    void refreshStatistics();
    void refreshProblems();
    void applyFilter();
    void applySort();

    DatasetSession* m_session;
    QStackedWidget* m_stack;
    QWidget* m_startPage;
    QWidget* m_browser;
    QLabel* m_splitsTitle;
    QListWidget* m_splits;
    QGroupBox* m_statisticsBox;
    SplitStatisticsView* m_statistics;
    QGroupBox* m_problemsBox;
    QListWidget* m_problems;
    QLineEdit* m_search;
    QLabel* m_countLabel;
    QSpinBox* m_minCount;
    QSpinBox* m_maxCount;
    QCheckBox* m_onlyProblems;
    QCheckBox* m_onlyEdited;
    QComboBox* m_sort;
    QToolButton* m_gridButton;
    QToolButton* m_listButton;
    QProgressBar* m_progress;
    QLabel* m_shownLabel;
    QListView* m_view;
    DatasetFilterModel* m_filter;
    ThumbnailDelegate* m_delegate;
    bool m_statisticsQueued = false; ///< a refresh is already posted
};

} // namespace crowdkd::ui
