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

/// Moves a set of heads by one offset (a drag of one head or of a rubber-band selection).
class MoveHeadsCommand : public QUndoCommand {
public:
    MoveHeadsCommand(AnnotationDocument* document, const QVector<int>& indices,
                     const QPointF& offset);
    void redo() override;
    void undo() override;

private:
    AnnotationDocument* m_document;
    QVector<int> m_indices;
    QPointF m_offset;
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

/// Replaces all heads at once (recovering autosaved edits, clearing an image).
class ReplaceHeadsCommand : public QUndoCommand {
public:
    ReplaceHeadsCommand(AnnotationDocument* document, const QVector<QPointF>& points,
                        const QString& text);
    void redo() override;
    void undo() override;

private:
    AnnotationDocument* m_document;
    QVector<QPointF> m_before;
    QVector<QPointF> m_after;
};

} // namespace crowdkd::ui
