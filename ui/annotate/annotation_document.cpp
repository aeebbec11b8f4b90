#include "annotate/annotation_document.h"

#include "annotate/commands/accept_proposals.h"
#include "annotate/commands/add_remove_heads.h"
#include "annotate/commands/command_support.h"
#include "annotate/commands/move_heads.h"
#include "annotate/commands/replace_heads.h"
#include "base/error.h"
#include "common/file_stamp.h"
#include "common/studio_support.h"
#include "data/ground_truth.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <numeric>

namespace crowdkd::ui {

QVector<QPointF> readHeadPoints(const QString& groundTruthPath, const QString& imagePath) {
    const GroundTruth truth = readGroundTruth(toPath(groundTruthPath), toPath(imagePath));
    QVector<QPointF> points;
    points.reserve(static_cast<qsizetype>(truth.points.size()));
    for (const HeadPoint& p : truth.points)
        points.append(QPointF(p.x, p.y));
    return points;
}

void writeHeadPoints(const QString& groundTruthPath, const QVector<QPointF>& points,
                     const QString& imagePath) {
    std::vector<HeadPoint> heads;
    heads.reserve(points.size());
    for (const QPointF& p : points)
        heads.push_back(HeadPoint{p.x(), p.y()});
    writeGroundTruth(toPath(groundTruthPath), heads, toPath(imagePath));
}

AnnotationDocument::AnnotationDocument(QObject* parent)
    : QObject(parent) {
    m_undoStack.setUndoLimit(0); // unlimited
    connect(&m_undoStack, &QUndoStack::cleanChanged, this,
            [this](bool clean) { emit modifiedChanged(!clean); });
}

void readAnnotation(const QString& imagePath, const QString& groundTruthPath,
                    LoadedAnnotation* loaded) {
    loaded->imagePath = imagePath;
    loaded->groundTruthPath = groundTruthPath;
    // Before reading: a file rewritten while it is read counts as changed.
    loaded->groundTruthStamp = fileStamp(groundTruthPath);
    loaded->image = readQImage(imagePath);
    if (loaded->image.isNull())
        throw FileError(toPath(imagePath), "unsupported image format");
    if (QFileInfo::exists(groundTruthPath))
        loaded->points = readHeadPoints(groundTruthPath, imagePath);
}

void AnnotationDocument::load(const QString& imagePath, const QString& groundTruthPath) {
    LoadedAnnotation loaded;
    readAnnotation(imagePath, groundTruthPath, &loaded);
    setLoaded(loaded);
}

void AnnotationDocument::setLoaded(const LoadedAnnotation& loaded) {
    setContent(loaded.image, loaded.points, loaded.imagePath, loaded.groundTruthPath);
    m_groundTruthStamp = loaded.groundTruthStamp;
}

bool AnnotationDocument::groundTruthChangedOnDisk() const {
    return !m_groundTruthPath.isEmpty() && fileStamp(m_groundTruthPath) != m_groundTruthStamp;
}

void AnnotationDocument::setContent(const QImage& image, const QVector<QPointF>& points,
                                    const QString& imagePath, const QString& groundTruthPath) {
    const bool wasModified = isModified();
    m_undoStack.clear();
    m_image = image;
    m_imagePath = imagePath;
    m_groundTruthPath = groundTruthPath;
    m_groundTruthStamp = fileStamp(groundTruthPath);
    m_points = points;
    m_savedPoints = points;
    m_selected.assign(m_points.size(), 0);
    m_selectedCount = 0;
    ++m_revision;
    m_proposals.clear();
    m_proposalSelected.clear();
    m_acceptedProposals = 0;
    m_acceptActions = 0;
    ++m_proposalRevision;
    emit contentReset();
    emit pointsChanged();
    ++m_selectionRevision;
    emit selectionChanged();
    emit proposalsChanged();
    if (wasModified)
        emit modifiedChanged(false);
}

void AnnotationDocument::clear() {
    setContent({}, {});
}

void AnnotationDocument::revert() {
    if (!isModified())
        return;
    const QImage image = m_image;
    const QVector<QPointF> saved = m_savedPoints;
    const QString stamp = m_groundTruthStamp; // of the file the saved heads came from
    setContent(image, saved, m_imagePath, m_groundTruthPath);
    m_groundTruthStamp = stamp;
}

QString AnnotationDocument::displayName() const {
    return m_imagePath.isEmpty() ? tr("Untitled") : QFileInfo(m_imagePath).fileName();
}

QVector<int> AnnotationDocument::selectedIndices() const {
    QVector<int> indices;
    indices.reserve(m_selectedCount);
    for (int i = 0; i < static_cast<int>(m_selected.size()); ++i) {
        if (m_selected[i])
            indices.append(i);
    }
    return indices;
}

void AnnotationDocument::setSelection(const QVector<int>& indices) {
    std::fill(m_selected.begin(), m_selected.end(), 0);
    m_selectedCount = 0;
    addToSelection(indices);
}

void AnnotationDocument::addToSelection(const QVector<int>& indices) {
    for (int i : indices) {
        if (i >= 0 && i < count() && !m_selected[i]) {
            m_selected[i] = 1;
            ++m_selectedCount;
        }
    }
    ++m_selectionRevision;
    emit selectionChanged();
}

void AnnotationDocument::clearSelection() {
    if (m_selectedCount == 0)
        return;
    std::fill(m_selected.begin(), m_selected.end(), 0);
    m_selectedCount = 0;
    ++m_selectionRevision;
    emit selectionChanged();
}

void AnnotationDocument::selectAll() {
    std::fill(m_selected.begin(), m_selected.end(), 1);
    m_selectedCount = count();
    ++m_selectionRevision;
    emit selectionChanged();
}

void AnnotationDocument::addHead(const QPointF& position) {
    m_undoStack.push(new AddHeadCommand(this, position));
}

void AnnotationDocument::moveHeads(const QVector<int>& indices, const QPointF& offset) {
    if (indices.isEmpty() || offset.isNull())
        return;
    m_undoStack.push(new MoveHeadsCommand(this, indices, offset));
}

void AnnotationDocument::removeHeads(const QVector<int>& indices) {
    if (indices.isEmpty())
        return;
    m_undoStack.push(new RemoveHeadsCommand(this, indices));
}

void AnnotationDocument::removeSelectedHeads() {
    removeHeads(selectedIndices());
}

void AnnotationDocument::replaceHeads(const QVector<QPointF>& points, const QString& description) {
    m_undoStack.push(new ReplaceHeadsCommand(this, points, description));
}

void AnnotationDocument::insertHeads(const QVector<int>& sortedIndices,
                                     const QVector<QPointF>& points) {
    // Merge in one pass: result[sortedIndices[k]] == points[k], the old points fill the rest.
    const int total = count() + static_cast<int>(sortedIndices.size());
    QVector<QPointF> merged;
    merged.reserve(total);
    std::vector<char> selected;
    selected.reserve(total);
    int old = 0;
    int next = 0;
    for (int i = 0; i < total; ++i) {
        if (next < sortedIndices.size() && sortedIndices[next] == i) {
            merged.append(points[next++]);
            selected.push_back(0);
        } else {
            merged.append(m_points[old]);
            selected.push_back(m_selected[old++]);
        }
    }
    m_points.swap(merged);
    m_selected.swap(selected);
    m_selectedCount = static_cast<int>(std::count(m_selected.begin(), m_selected.end(), 1));
    touchPoints();
}

QVector<QPointF> AnnotationDocument::takeHeads(const QVector<int>& sortedIndices) {
    QVector<QPointF> taken;
    taken.reserve(sortedIndices.size());
    int write = 0;
    int next = 0;
    for (int read = 0; read < count(); ++read) {
        if (next < sortedIndices.size() && sortedIndices[next] == read) {
            taken.append(m_points[read]);
            ++next;
            continue;
        }
        m_points[write] = m_points[read];
        m_selected[write++] = m_selected[read];
    }
    m_points.resize(write);
    m_selected.resize(write);
    m_selectedCount = static_cast<int>(std::count(m_selected.begin(), m_selected.end(), 1));
    touchPoints();
    return taken;
}

void AnnotationDocument::placeHeads(const QVector<int>& indices,
                                    const QVector<QPointF>& positions) {
    for (qsizetype k = 0; k < indices.size() && k < positions.size(); ++k)
        m_points[indices[k]] = positions[k];
    touchPoints();
}

void AnnotationDocument::assignHeads(const QVector<QPointF>& points) {
    m_points = points;
    m_selected.assign(m_points.size(), 0);
    m_selectedCount = 0;
    touchPoints();
}

void AnnotationDocument::setProposals(const QVector<ProposedHead>& proposals) {
    m_proposals = proposals;
    m_proposalSelected.assign(m_proposals.size(), 0);
    ++m_proposalRevision;
    emit proposalsChanged();
}

void AnnotationDocument::rejectProposals(const QVector<int>& indices) {
    if (indices.isEmpty())
        return;
    takeProposals(sortedUnique(indices));
}

void AnnotationDocument::rejectSelectedProposals() {
    rejectProposals(selectedProposals());
}

void AnnotationDocument::acceptProposals(const QVector<int>& indices) {
    QVector<int> valid;
    for (int i : indices)
        if (i >= 0 && i < proposalCount())
            valid.append(i);
    if (!valid.isEmpty())
        m_undoStack.push(new AcceptProposalsCommand(this, valid));
}

void AnnotationDocument::acceptSelectedProposals() {
    acceptProposals(selectedProposals());
}

void AnnotationDocument::acceptAllProposals() {
    QVector<int> all(proposalCount());
    std::iota(all.begin(), all.end(), 0);
    acceptProposals(all);
}

QVector<int> AnnotationDocument::selectedProposals() const {
    QVector<int> indices;
    for (int i = 0; i < proposalCount(); ++i)
        if (m_proposalSelected[i])
            indices.append(i);
    return indices;
}

void AnnotationDocument::setProposalSelection(const QVector<int>& indices) {
    std::fill(m_proposalSelected.begin(), m_proposalSelected.end(), 0);
    for (int i : indices)
        if (i >= 0 && i < proposalCount())
            m_proposalSelected[i] = 1;
    ++m_proposalRevision;
    emit proposalsChanged();
}

int AnnotationDocument::clicksSaved() const {
    return std::max(0, m_acceptedProposals - m_acceptActions);
}

QVector<ProposedHead> AnnotationDocument::takeProposals(const QVector<int>& sortedIndices) {
    QVector<ProposedHead> taken;
    int write = 0;
    int next = 0;
    for (int read = 0; read < proposalCount(); ++read) {
        if (next < sortedIndices.size() && sortedIndices[next] == read) {
            taken.append(m_proposals[read]);
            ++next;
            continue;
        }
        m_proposals[write] = m_proposals[read];
        m_proposalSelected[write++] = m_proposalSelected[read];
    }
    m_proposals.resize(write);
    m_proposalSelected.resize(write);
    ++m_proposalRevision;
    emit proposalsChanged();
    return taken;
}

void AnnotationDocument::insertProposals(const QVector<int>& sortedIndices,
                                         const QVector<ProposedHead>& proposals) {
    QVector<ProposedHead> merged;
    std::vector<char> selected;
    const int count =
        std::min(static_cast<int>(sortedIndices.size()), static_cast<int>(proposals.size()));
    const int total = proposalCount() + count;
    // The list may have shrunk since the indices were taken (proposals rejected): an index past
    // its end inserts at the end, keeping the order.
    QVector<int> at(count);
    for (int k = 0; k < count; ++k)
        at[k] = std::min(sortedIndices[k], proposalCount() + k);
    int old = 0;
    int next = 0;
    for (int i = 0; i < total; ++i) {
        if (next < count && at[next] == i) {
            merged.append(proposals[next++]);
            selected.push_back(1); // back as they were chosen
        } else {
            merged.append(m_proposals[old]);
            selected.push_back(m_proposalSelected[old++]);
        }
    }
    m_proposals.swap(merged);
    m_proposalSelected.swap(selected);
    ++m_proposalRevision;
    emit proposalsChanged();
}

void AnnotationDocument::countAcceptance(int proposals, int actions) {
    m_acceptedProposals += proposals;
    m_acceptActions += actions;
    ++m_proposalRevision;
    emit proposalsChanged();
}

void AnnotationDocument::touchPoints() {
    ++m_revision;
    emit pointsChanged();
    ++m_selectionRevision;
    emit selectionChanged();
}

void AnnotationDocument::save() {
    if (m_groundTruthPath.isEmpty())
        throw FileError(toPath(m_imagePath), "no ground-truth file to save to");
    if (!isWritableLocation(m_groundTruthPath))
        throw FileError(toPath(m_groundTruthPath), "the file or its folder is read-only");
    const QString backup = groundTruthBackupPath(m_groundTruthPath);
    if (QFileInfo::exists(m_groundTruthPath) && !QFileInfo::exists(backup) &&
        !QFile::copy(m_groundTruthPath, backup))
        throw FileError(toPath(backup), "cannot keep a backup of the original ground truth");
    writeHeadPoints(m_groundTruthPath, m_points, m_imagePath);
    m_groundTruthStamp = fileStamp(m_groundTruthPath);
    m_savedPoints = m_points;
    m_undoStack.setClean();
    emit saved(m_groundTruthPath);
}

void AnnotationDocument::saveAs(const QString& path) {
    const QString previous = m_groundTruthPath;
    m_groundTruthPath = path;
    try {
        save();
    } catch (...) {
        m_groundTruthPath = previous;
        throw;
    }
}

} // namespace crowdkd::ui
