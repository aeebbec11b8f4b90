#include "dataset/dataset_filter_model.h"

#include "data/dataset.h"
#include "dataset/dataset_model.h"

namespace crowdkd::ui {

DatasetFilterModel::DatasetFilterModel(QObject* parent)
    : QSortFilterProxyModel(parent) {
    setDynamicSortFilter(true);
    sort(0, Qt::AscendingOrder);
}

void DatasetFilterModel::setSortKey(SortKey key, Qt::SortOrder order) {
    m_sortKey = key;
    invalidate();
    sort(0, order);
}

void DatasetFilterModel::setCountRange(int minimum, int maximum) {
    m_minimum = minimum;
    m_maximum = maximum;
    invalidateFilter();
}

void DatasetFilterModel::setOnlyProblems(bool only) {
    m_onlyProblems = only;
    invalidateFilter();
}

void DatasetFilterModel::setOnlyEdited(bool only) {
    m_onlyEdited = only;
    invalidateFilter();
}

void DatasetFilterModel::setNameFilter(const QString& text) {
    m_nameFilter = text.trimmed();
    invalidateFilter();
}

bool DatasetFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const {
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    if (m_onlyProblems && !index.data(DatasetModel::HasProblemsRole).toBool())
        return false;
    if (m_onlyEdited && !index.data(DatasetModel::EditedRole).toBool())
        return false;
    if (!m_nameFilter.isEmpty() &&
        !index.data(DatasetModel::NameRole).toString().contains(m_nameFilter, Qt::CaseInsensitive))
        return false;
    const bool rangeActive = m_minimum > 0 || m_maximum >= 0;
    if (rangeActive) {
        // Images whose count is still loading stay visible until it is known.
        const int count = index.data(DatasetModel::CountRole).toInt();
        if (count >= 0 && (count < m_minimum || (m_maximum >= 0 && count > m_maximum)))
            return false;
    }
    return true;
}

bool DatasetFilterModel::lessThan(const QModelIndex& left, const QModelIndex& right) const {
    if (m_sortKey == SortKey::Count) {
        const int a = left.data(DatasetModel::CountRole).toInt();
        const int b = right.data(DatasetModel::CountRole).toInt();
        if (a != b)
            return a < b;
    }
    // Core's natural order (IMG_2 before IMG_10), as the dataset lists its samples.
    return naturalLess(left.data(DatasetModel::NameRole).toString().toStdString(),
                       right.data(DatasetModel::NameRole).toString().toStdString());
}

} // namespace crowdkd::ui
