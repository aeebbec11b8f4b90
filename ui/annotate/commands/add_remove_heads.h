#pragma once

#include <QPointF>
#include <QUndoCommand>
#include <QVector>

namespace crowdkd::ui {

class AnnotationDocument;

/// Adds one head where the user clicked; the new head becomes the selection.
class AddHeadCommand : public QUndoCommand {
public:
    AddHeadCommand(AnnotationDocument* document, const QPointF& position);
    void redo() override;
    void undo() override;

private:
    AnnotationDocument* m_document;
    QPointF m_position;
    int m_index;
};

/// Removes a set of heads in one step; undo puts them back at their places, selected.
class RemoveHeadsCommand : public QUndoCommand {
public:
    RemoveHeadsCommand(AnnotationDocument* document, const QVector<int>& indices);
    void redo() override;
    void undo() override;

private:
    AnnotationDocument* m_document;
    QVector<int> m_indices; // sorted, unique
    QVector<QPointF> m_points;
};

} // namespace crowdkd::ui
