#pragma once

#include <QSortFilterProxyModel>

namespace crowdkd::ui {

/// Sorts a DatasetModel by name (numbers in names compare as numbers) or head count, and filters
/// it by name text, head-count range, "has problems" and "edited".
class DatasetFilterModel : public QSortFilterProxyModel {
    Q_OBJECT

public:
    enum class SortKey { Name, Count };

    explicit DatasetFilterModel(QObject* parent = nullptr);

    void setSortKey(SortKey key, Qt::SortOrder order);
    /// Keeps images whose count is within [minimum, maximum]; maximum < 0 means no upper bound.
    void setCountRange(int minimum, int maximum);
    void setOnlyProblems(bool only);
    void setOnlyEdited(bool only);
    void setNameFilter(const QString& text);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;

private:
    SortKey m_sortKey = SortKey::Name;
    int m_minimum = 0;
    int m_maximum = -1;
    bool m_onlyProblems = false;
    bool m_onlyEdited = false;
    QString m_nameFilter;
};

} // namespace crowdkd::ui
