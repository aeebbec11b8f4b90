<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_US">
<context>
    <name>AnnotationCommands</name>
    <message>
        <source>Add head at (%1, %2)</source>
        <translation>Add head at (%1, %2)</translation>
    </message>
    <message numerus="yes">
        <source>Move %n head(s)</source>
        <translation><numerusform>Move %n head</numerusform><numerusform>Move %n heads</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Remove %n head(s)</source>
        <translation><numerusform>Remove %n head</numerusform><numerusform>Remove %n heads</numerusform></translation>
    </message>
</context>
<context>
    <name>CommandLine</name>
    <message>
        <source>CrowdKD Studio: label, train, distill and ship crowd counters</source>
        <translation>CrowdKD Studio: label, train, distill and ship crowd counters</translation>
    </message>
    <message>
        <source>Workspace to start in: dataset, annotate, train, compare or count.</source>
        <translation>Workspace to start in: dataset, annotate, train, compare or count.</translation>
    </message>
    <message>
        <source>User interface language: ko or en (default: the language chosen in the studio, else the system language).</source>
        <translation>User interface language: ko or en (default: the language chosen in the studio, else the system language).</translation>
    </message>
    <message>
        <source>Dataset folders or images to open.</source>
        <translation>Dataset folders or images to open.</translation>
    </message>
    <message>
        <source>unknown language '%1' (use ko or en)</source>
        <translation>unknown language '%1' (use ko or en)</translation>
    </message>
    <message>
        <source>unknown workspace '%1' (use dataset, annotate, train, compare or count)</source>
        <translation>unknown workspace '%1' (use dataset, annotate, train, compare or count)</translation>
    </message>
    <message>
        <source>no display to open the window on: set DISPLAY or WAYLAND_DISPLAY, run it under xvfb-run, or use the crowdkd command line</source>
        <translation>no display to open the window on: set DISPLAY or WAYLAND_DISPLAY, run it under xvfb-run, or use the crowdkd command line</translation>
    </message>
</context>
<context>
    <name>crowdkd::ui::AnnotateWorkspace</name>
    <message>
        <source>Display</source>
        <translation>Display</translation>
    </message>
    <message>
        <source>Head marker size</source>
        <translation>Head marker size</translation>
    </message>
    <message>
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <source>Head marker colour</source>
        <translation>Head marker colour</translation>
    </message>
    <message>
        <source>Show density map</source>
        <translation>Show density map</translation>
    </message>
    <message>
        <source>Density map opacity</source>
        <translation>Density map opacity</translation>
    </message>
    <message>
        <source>Edit history</source>
        <translation>Edit history</translation>
    </message>
    <message>
        <source>&lt;opened&gt;</source>
        <translation>&lt;opened&gt;</translation>
    </message>
    <message>
        <source>&amp;Save Annotation</source>
        <translation>&amp;Save Annotation</translation>
    </message>
    <message>
        <source>Save the head annotation into the dataset (Ctrl+S)</source>
        <translation>Save the head annotation into the dataset (Ctrl+S)</translation>
    </message>
    <message>
        <source>Save Annotation &amp;As…</source>
        <translation>Save Annotation &amp;As…</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Undo</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Redo</translation>
    </message>
    <message>
        <source>Select &amp;All Heads</source>
        <translation>Select &amp;All Heads</translation>
    </message>
    <message>
        <source>&amp;Delete Selected Heads</source>
        <translation>&amp;Delete Selected Heads</translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation>Zoom &amp;In</translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation>Zoom &amp;Out</translation>
    </message>
    <message>
        <source>&amp;Fit to Window</source>
        <translation>&amp;Fit to Window</translation>
    </message>
    <message>
        <source>&amp;Actual Size (1:1)</source>
        <translation>&amp;Actual Size (1:1)</translation>
    </message>
    <message>
        <source>&amp;Previous Image</source>
        <translation>&amp;Previous Image</translation>
    </message>
    <message>
        <source>Previous image (A, Page Up)</source>
        <translation>Previous image (A, Page Up)</translation>
    </message>
    <message>
        <source>&amp;Next Image</source>
        <translation>&amp;Next Image</translation>
    </message>
    <message>
        <source>Next image (D, Page Down)</source>
        <translation>Next image (D, Page Down)</translation>
    </message>
    <message>
        <source>Density &amp;Map Overlay</source>
        <translation>Density &amp;Map Overlay</translation>
    </message>
    <message>
        <source>Show the density map computed from the heads (M)</source>
        <translation>Show the density map computed from the heads (M)</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2 heads, %3 selected</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2 heads, %3 selected</translation>
    </message>
    <message>
        <source>No image open.</source>
        <translation>No image open.</translation>
    </message>
    <message>
        <source>Head Marker Colour</source>
        <translation>Head Marker Colour</translation>
    </message>
    <message>
        <source>Cannot Open Image</source>
        <translation>Cannot Open Image</translation>
    </message>
    <message>
        <source>The image could not be opened:
%1</source>
        <translation>The image could not be opened:
%1</translation>
    </message>
    <message>
        <source>Recover Unsaved Edits</source>
        <translation>Recover Unsaved Edits</translation>
    </message>
    <message numerus="yes">
        <source>Unsaved edits of %1 from %2 were kept (%n head(s)). Recover them?</source>
        <translation><numerusform>Unsaved edits of %1 from %2 were kept (%n head). Recover them?</numerusform><numerusform>Unsaved edits of %1 from %2 were kept (%n heads). Recover them?</numerusform></translation>
    </message>
    <message>
        <source>Recover</source>
        <translation>Recover</translation>
    </message>
    <message>
        <source>Recover autosaved edits</source>
        <translation>Recover autosaved edits</translation>
    </message>
    <message>
        <source>Unsaved Changes</source>
        <translation>Unsaved Changes</translation>
    </message>
    <message>
        <source>The head annotation of %1 has unsaved changes.</source>
        <translation>The head annotation of %1 has unsaved changes.</translation>
    </message>
    <message>
        <source>Save them before going on?</source>
        <translation>Save them before going on?</translation>
    </message>
    <message>
        <source>Cannot Save Here</source>
        <translation>Cannot Save Here</translation>
    </message>
    <message>
        <source>Save As…</source>
        <translation>Save As…</translation>
    </message>
    <message>
        <source>Your edits are kept; choose another folder to save them in.</source>
        <translation>Your edits are kept; choose another folder to save them in.</translation>
    </message>
    <message>
        <source>The dataset is read-only: %1 cannot be written.</source>
        <translation>The dataset is read-only: %1 cannot be written.</translation>
    </message>
    <message>
        <source>The annotation could not be saved:
%1</source>
        <translation>The annotation could not be saved:
%1</translation>
    </message>
    <message>
        <source>Save Annotation As</source>
        <translation>Save Annotation As</translation>
    </message>
    <message>
        <source>ShanghaiTech ground truth (*.mat)</source>
        <translation>ShanghaiTech ground truth (*.mat)</translation>
    </message>
    <message>
        <source>Cannot Save</source>
        <translation>Cannot Save</translation>
    </message>
    <message numerus="yes">
        <source>CrowdKD Studio did not close normally. Unsaved head annotations of %n image(s) were kept: %1.</source>
        <translation><numerusform>CrowdKD Studio did not close normally. Unsaved head annotations of %n image were kept: %1.</numerusform><numerusform>CrowdKD Studio did not close normally. Unsaved head annotations of %n images were kept: %1.</numerusform></translation>
    </message>
    <message>
        <source>Open the most recent one now? The others are offered when you open their images.</source>
        <translation>Open the most recent one now? The others are offered when you open their images.</translation>
    </message>
    <message>
        <source>Open and Recover</source>
        <translation>Open and Recover</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>Later</translation>
    </message>
</context>
<context>
    <name>crowdkd::ui::AnnotationCanvas</name>
    <message>
        <source>No image.
Open a dataset and pick an image, or drop an image here.</source>
        <translation>No image.
Open a dataset and pick an image, or drop an image here.</translation>
    </message>
</context>
<context>
    <name>crowdkd::ui::AnnotationDocument</name>
    <message>
        <source>Untitled</source>
        <translation>Untitled</translation>
    </message>
</context>
<context>
    <name>crowdkd::ui::CompareWorkspace</name>
    <message>
        <source>No dataset is open. Open a dataset folder (File ▸ Open Dataset…) or the bundled sample dataset to compare the models on its images.</source>
        <translation>No dataset is open. Open a dataset folder (File ▸ Open Dataset…) or the bundled sample dataset to compare the models on its images.</translation>
    </message>
    <message>
        <source>Teacher</source>
        <translation>Teacher</translation>
    </message>
    <message>
        <source>Student</source>
        <translation>Student</translation>
    </message>
    <message>
        <source>KD student</source>
        <translation>KD student</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>Images</translation>
    </message>
    <message>
        <source>&amp;Split:</source>
        <translation>&amp;Split:</translation>
    </message>
    <message>
        <source>Open the &amp;sample dataset</source>
        <translation>Open the &amp;sample dataset</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>Models</translation>
    </message>
    <message>
        <source>&amp;Teacher:</source>
        <translation>&amp;Teacher:</translation>
    </message>
    <message>
        <source>Plain s&amp;tudent:</source>
        <translation>Plain s&amp;tudent:</translation>
    </message>
    <message>
        <source>&amp;KD student:</source>
        <translation>&amp;KD student:</translation>
    </message>
    <message>
        <source>Choose a model file</source>
        <translation>Choose a model file</translation>
    </message>
    <message>
        <source>Display</source>
        <translation>Display</translation>
    </message>
    <message>
        <source>One colour scale for all maps</source>
        <translation>One colour scale for all maps</translation>
    </message>
    <message>
        <source>Colour every map on the same scale (off: each map from zero to its own maximum)</source>
        <translation>Colour every map on the same scale (off: each map from zero to its own maximum)</translation>
    </message>
    <message>
        <source>&amp;Fit</source>
        <translation>&amp;Fit</translation>
    </message>
    <message>
        <source>Show the whole image (or double-click a panel)</source>
        <translation>Show the whole image (or double-click a panel)</translation>
    </message>
    <message>
        <source>E&amp;xport image…</source>
        <translation>E&amp;xport image…</translation>
    </message>
    <message>
        <source>Save the comparison shown as a PNG image</source>
        <translation>Save the comparison shown as a PNG image</translation>
    </message>
    <message>
        <source>Export the KD student…</source>
        <translation>Export the KD student…</translation>
    </message>
    <message>
        <source>&amp;Evaluate the split</source>
        <translation>&amp;Evaluate the split</translation>
    </message>
    <message>
        <source>Count every image of the split with the three models (fills the table)</source>
        <translation>Count every image of the split with the three models (fills the table)</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>&amp;Cancel</translation>
    </message>
    <message>
        <source>Previous image (Page Up)</source>
        <translation>Previous image (Page Up)</translation>
    </message>
    <message>
        <source>Next image (Page Down)</source>
        <translation>Next image (Page Down)</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(none)</translation>
    </message>
    <message>
        <source>Run %1 (%2)</source>
        <translation>Run %1 (%2)</translation>
    </message>
    <message>
        <source>, MAE %1</source>
        <translation>, MAE %1</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <source>Model for the comparison</source>
        <translation>Model for the comparison</translation>
    </message>
    <message>
        <source>Models (*.pth *.pt *.tar *.onnx);;All files (*)</source>
        <translation>Models (*.pth *.pt *.tar *.onnx);;All files (*)</translation>
    </message>
    <message>
        <source>The split has no annotated images.</source>
        <translation>The split has no annotated images.</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; — image %2 of %3 in the table's order</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; — image %2 of %3 in the table's order</translation>
    </message>
    <message>
        <source>Every image of the split is counted.</source>
        <translation>Every image of the split is counted.</translation>
    </message>
    <message>
        <source>Evaluation cancelled after %1 of %2 images.</source>
        <translation>Evaluation cancelled after %1 of %2 images.</translation>
    </message>
    <message>
        <source>Counting image %1 of %2…</source>
        <translation>Counting image %1 of %2…</translation>
    </message>
    <message>
        <source>%1 model</source>
        <translation>%1 model</translation>
    </message>
    <message>
        <source>Cannot use it: %1</source>
        <translation>Cannot use it: %1</translation>
    </message>
    <message>
        <source>The split has no annotated images to compare on.</source>
        <translation>The split has no annotated images to compare on.</translation>
    </message>
    <message>
        <source>Input: %1</source>
        <translation>Input: %1</translation>
    </message>
    <message>
        <source>%1 × %2 pixels</source>
        <translation>%1 × %2 pixels</translation>
    </message>
    <message>
        <source>Ground truth</source>
        <translation>Ground truth</translation>
    </message>
    <message>
        <source>%1 annotated heads</source>
        <translation>%1 annotated heads</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>No model: choose one on the left.</source>
        <translation>No model: choose one on the left.</translation>
    </message>
    <message>
        <source>Count %1</source>
        <translation>Count %1</translation>
    </message>
    <message>
        <source> · error %1 (%2%)</source>
        <translation> · error %1 (%2%)</translation>
    </message>
    <message>
        <source>MAE</source>
        <translation>MAE</translation>
    </message>
    <message>
        <source>RMSE</source>
        <translation>RMSE</translation>
    </message>
    <message>
        <source>n = %1</source>
        <translation>n = %1</translation>
    </message>
    <message>
        <source>bias %1</source>
        <translation>bias %1</translation>
    </message>
    <message>
        <source>Mean absolute error of the counts over the images counted so far; bias is the mean signed error</source>
        <translation>Mean absolute error of the counts over the images counted so far; bias is the mean signed error</translation>
    </message>
    <message>
        <source>Root mean squared error of the counts</source>
        <translation>Root mean squared error of the counts</translation>
    </message>
    <message>
        <source>Export the comparison</source>
        <translation>Export the comparison</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG image (*.png)</translation>
    </message>
    <message>
        <source>The image could not be written to %1: %2</source>
        <translation>The image could not be written to %1: %2</translation>
    </message>
    <message>
        <source>Default student (MCNN)</source>
        <translation>Default student (MCNN)</translation>
    </message>
</context>
<context>
    <name>crowdkd::ui::ComparisonTableModel</name>
    <message>
        <source>Image</source>
        <translation>Image</translation>
    </message>
    <message>
        <source>Annotated heads (ground truth)</source>
        <translation>Annotated heads (ground truth)</translation>
    </message>
    <message>
        <source>Ground truth</source>
        <translation>Ground truth</translation>
    </message>
    <message>
        <source>%1: estimated count</source>
        <translation>%1: estimated count</translation>
    </message>
    <message>
        <source>%1: count − ground truth</source>
        <translation>%1: count − ground truth</translation>
    </message>
    <message>
        <source>%1
error</source>
        <translation>%1
error</translation>
    </message>
    <message>
        <source>%1: absolute error</source>
        <translation>%1: absolute error</translation>
    </message>
    <message>
        <source>%1
|error|</source>
        <translation>%1
|error|</translation>
    </message>
</context>
<context>
    <name>crowdkd::ui::ComparisonView</name>
    <message>
        <source>Computing…</source>
        <translation>Computing…</translation>
    </message>
    <message>
        <source>Density, one scale for all maps</source>
        <translation>Density, one scale for all maps</translation>
    </message>
    <message>
        <source>Density, each map its own scale</source>
        <translation>Density, each map its own scale</translation>
    </message>
    <message>
        <source>people per %1×%1 input pixels</source>
        <translation>people per %1×%1 input pixels</translation>
    </message>
    <message>
        <source>fraction of each map's maximum</source>
        <translation>fraction of each map's maximum</translation>
    </message>
    <message>
        <source>No density map yet.</source>
        <translation>No density map yet.</translation>
    </message>
</context>
<context>
    <name>crowdkd::ui::CountWorkspace</name>
    <message>
        <source>Other model file…</source>
        <translation>Other model file…</translation>
    </message>
    <message>
        <source>Default student (MCNN) — MAE %1, RMSE %2</source>
        <translation>Default student (MCNN) — MAE %1, RMSE %2</translation>
    </message>
    <message>
        <source>Default student (MCNN)</source>
        <translation>Default student (MCNN)</translation>
    </message>
    <message>
        <source>Trained by CrowdKD: %1. Measured on ShanghaiTech part A test (%2 images): MAE %3, RMSE %4.</source>
        <translation>Trained by CrowdKD: %1. Measured on ShanghaiTech part A test (%2 images): MAE %3, RMSE %4.</translation>
    </message>
    <message>
        <source>Open &amp;images…</source>
        <translation>Open &amp;images…</translation>
    </message>
    <message>
        <source>Open &amp;folder…</source>
        <translation>Open &amp;folder…</translation>
    </message>
    <message>
        <source>C&amp;lear</source>
        <translation>C&amp;lear</translation>
    </message>
    <message>
        <source>&amp;Export counts…</source>
        <translation>&amp;Export counts…</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>Image</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>Count</translation>
    </message>
    <message>
        <source>Drop images or folders here to count the people in them.</source>
        <translation>Drop images or folders here to count the people in them.</translation>
    </message>
    <message>
        <source>Density overlay opacity:</source>
        <translation>Density overlay opacity:</translation>
    </message>
    <message numerus="yes">
        <source>%n image(s) counted, %1 people in total</source>
        <translation><numerusform>%n image counted, %1 people in total</numerusform><numerusform>%n images counted, %1 people in total</numerusform></translation>
    </message>
    <message>
        <source>Model to count with</source>
        <translation>Model to count with</translation>
    </message>
    <message>
        <source>Models (*.pth *.pt *.tar *.onnx);;All files (*)</source>
        <translation>Models (*.pth *.pt *.tar *.onnx);;All files (*)</translation>
    </message>
    <message>
        <source>Dataset folder</source>
        <translation>Dataset folder</translation>
    </message>
    <message>
        <source>%1 looks like a dataset. Open it in the Dataset workspace instead of counting its images?</source>
        <translation>%1 looks like a dataset. Open it in the Dataset workspace instead of counting its images?</translation>
    </message>
    <message>
        <source>error</source>
        <translation>error</translation>
    </message>
    <message>
        <source>The model could not be loaded: %1</source>
        <translation>The model could not be loaded: %1</translation>
    </message>
    <message>
        <source>%1 people</source>
        <translation>%1 people</translation>
    </message>
    <message>
        <source>Images to count</source>
        <translation>Images to count</translation>
    </message>
    <message>
        <source>Images (*.jpg *.jpeg *.png *.bmp *.tif *.tiff *.webp);;All files (*)</source>
        <translation>Images (*.jpg *.jpeg *.png *.bmp *.tif *.tiff *.webp);;All files (*)</translation>
    </message>
    <message>
        <source>Folder of images to count</source>
        <translation>Folder of images to count</translation>
    </message>
    <message>
        <source>Export counts</source>
        <translation>Export counts</translation>
    </message>
    <message>
        <source>CSV table (*.csv);;JSON (*.json)</source>
        <translation>CSV table (*.csv);;JSON (*.json)</translation>
    </message>
    <message>
        <source>The counts could not be written to %1.</source>
        <translation>The counts could not be written to %1.</translation>
    </message>
    <message>
        <source>Count</source>
        <comment>table column: number of people</comment>
        <translation>Count</translation>
    </message>
    <message>
        <source>Default student (MCNN, KD α = %1) — MAE %2</source>
        <translation>Default student (MCNN, KD α = %1) — MAE %2</translation>
    </message>
</context>
<context>
    <name>crowdkd::ui::DatasetModel</name>
    <message numerus="yes">
        <source>%n head(s)</source>
        <translation><numerusform>%n head</numerusform><numerusform>%n heads</numerusform></translation>
    </message>
    <message>
        <source>declares %1 heads but lists %2</source>
        <translation>declares %1 heads but lists %2</translation>
    </message>
</context>
<context>
    <name>crowdkd::ui::DatasetSession</name>
    <message>
        <source>no ShanghaiTech split (images/ and ground-truth/) was found in this folder</source>
        <translation>no ShanghaiTech split (images/ and ground-truth/) was found in this folder</translation>
    </message>
</context>
<context>
    <name>crowdkd::ui::DatasetWorkspace</name>
    <message>
        <source>Splits</source>
        <translation>Splits</translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation>Statistics</translation>
    </message>
    <message>
        <source>Problems found</source>
        <translation>Problems found</translation>
    </message>
    <message>
        <source>Filter by name</source>
        <translation>Filter by name</translation>
    </message>
    <message>
        <source>Heads:</source>
        <translation>Heads:</translation>
    </message>
    <message>
        <source>Show images with at least this many heads</source>
        <translation>Show images with at least this many heads</translation>
    </message>
    <message>
        <source>Show images with at most this many heads (∞: no limit)</source>
        <translation>Show images with at most this many heads (∞: no limit)</translation>
    </message>
    <message>
        <source>Has problems</source>
        <translation>Has problems</translation>
    </message>
    <message>
        <source>Edited</source>
        <translation>Edited</translation>
    </message>
    <message>
        <source>Only images whose annotation was edited in the studio</source>
        <translation>Only images whose annotation was edited in the studio</translation>
    </message>
    <message>
        <source>Sort by name</source>
        <translation>Sort by name</translation>
    </message>
    <message>
        <source>Fewest heads first</source>
        <translation>Fewest heads first</translation>
    </message>
    <message>
        <source>Most heads first</source>
        <translation>Most heads first</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>Grid</translation>
    </message>
    <message>
        <source>List</source>
        <translation>List</translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n image(s))</source>
        <translation><numerusform>%1 (%n image)</numerusform><numerusform>%1 (%n images)</numerusform></translation>
    </message>
    <message>
        <source>%1 of %2 shown</source>
        <translation>%1 of %2 shown</translation>
    </message>
    <message>
        <source>%1
Double-click to show the file's folder.</source>
        <translation>%1
Double-click to show the file's folder.</translation>
    </message>
    <message>
        <source>No problems found.</source>
        <translation>No problems found.</translation>
    </message>
    <message>
        <source>Problems found (%1)</source>
        <translation>Problems found (%1)</translation>
    </message>
</context>
<context>
    <name>crowdkd::ui::ExperimentPanel</name>
    <message>
        <source>Experiment folder</source>
        <translation>Experiment folder</translation>
    </message>
    <message>
        <source>Open an experiment folder</source>
        <translation>Open an experiment folder</translation>
    </message>
    <message>
        <source>Run %1 of %2: %3 (finished earlier, skipped)</source>
        <translation>Run %1 of %2: %3 (finished earlier, skipped)</translation>
    </message>
    <message>
        <source>Run %1 of %2: %3</source>
        <translation>Run %1 of %2: %3</translation>
    </message>
    <message>
        <source>Run %1 of %2: %3, epoch %4 of %5 (batch %6 of %7)</source>
        <translation>Run %1 of %2: %3, epoch %4 of %5 (batch %6 of %7)</translation>
    </message>
    <message>
        <source>Testing %1: image %2 of %3</source>
        <translation>Testing %1: image %2 of %3</translation>
    </message>
    <message>
        <source>The experiment failed: %1</source>
        <translation>The experiment failed: %1</translation>
    </message>
    <message>
        <source>Stopped. Finished runs are kept; Run continues the experiment in %1.</source>
        <translation>Stopped. Finished runs are kept; Run continues the experiment in %1.</translation>
    </message>
    <message>
        <source>Finished: the tables are in %1.</source>
        <translation>Finished: the tables are in %1.</translation>
    </message>
    <message>
        <source>The α list must hold numbers between 0 and 1, such as 0.1, 0.3, 0.5, 0.7.</source>
        <translation>The α list must hold numbers between 0 and 1, such as 0.1, 0.3, 0.5, 0.7.</translation>
    </message>
    <message>
        <source>Choose a teacher in the training form: every KD run distils it.</source>
        <translation>Choose a teacher in the training form: every KD run distils it.</translation>
    </message>
    <message>
        <source>Choose the experiment folder.</source>
        <translation>Choose the experiment folder.</translation>
    </message>
    <message>
        <source>Name the split to test on.</source>
        <translation>Name the split to test on.</translation>
    </message>
    <message>
        <source>Starting the experiment in %1…</source>
        <translation>Starting the experiment in %1…</translation>
    </message>
    <message>
        <source>Stopping after the current iteration…</source>
        <translation>Stopping after the current iteration…</translation>
    </message>
    <message>
        <source>No experiment tables: %1</source>
        <translation>No experiment tables: %1</translation>
    </message>
    <message>
        <source>0 (student)</source>
        <translation>0 (student)</translation>
    </message>
    <message>
        <source>The paper's experiment: a plain MCNN student and one distilled student per α, trained with the options of the form (data, teacher, epochs, crop, seed …), then counted on the test split with the teacher. Stopping keeps the finished runs; running again continues.</source>
        <translation>The paper's experiment: a plain MCNN student and one distilled student per α, trained with the options of the form (data, teacher, epochs, crop, seed …), then counted on the test split with the teacher. Stopping keeps the finished runs; running again continues.</translation>
    </message>
    <message>
        <source>α values:</source>
        <translation>α values:</translation>
    </message>
    <message>
        <source>Test split:</source>
        <translation>Test split:</translation>
    </message>
    <message>
        <source>Test images at most:</source>
        <translation>Test images at most:</translation>
    </message>
    <message>
        <source>all</source>
        <translation>all</translation>
    </message>
    <message>
        <source>Experiment folder:</source>
        <translation>Experiment folder:</translation>
    </message>
    <message>
        <source>Run Experiment</source>
        <translation>Run Experiment</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stop</translation>
    </message>
    <message>
        <source>Open Experiment…</source>
        <translation>Open Experiment…</translation>
    </message>
    <message>
        <source>Table 1: models</source>
        <translation>Table 1: models</translation>
    </message>
    <message>
        <source>Table 2: distillation weight α</source>
        <translation>Table 2: distillation weight α</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Model</translation>
    </message>
    <message>
        <source>Weights (MB)</source>
        <translation>Weights (MB)</translation>
    </message>
    <message>
        <source>MAE</source>
        <translation>MAE</translation>
    </message>
    <message>
        <source>RMSE</source>
        <translation>RMSE</translation>
    </message>
    <message>
        <source>α</source>
        <translation>α</translation>
    </message>
    <message>
        <source>KD student MAE</source>
        <translation>KD student MAE</translation>
    </message>
    <message>
        <source>Plain student MAE</source>
        <translation>Plain student MAE</translation>
    </message>
    <message>
        <source>α (weight of the teacher term)</source>
        <translation>α (weight of the teacher term)</translation>
    </message>
    <message>
        <source>Test error (people)</source>
        <translation>Test error (people)</translation>
    </message>
    <message>
        <source>Experiment in %1: %2 KD run(s).</source>
        <translation>Experiment in %1: %2 KD run(s).</translation>
    </message>
</context>
<context>
    <name>crowdkd::ui::ExperimentSession</name>
    <message>
        <source>An experiment is already running.</source>
        <translation>An experiment is already running.</translation>
    </message>
</context>
<context>
    <name>crowdkd::ui::ExportDialog</name>
    <message>
        <source>Choose the model file to export.</source>
        <translation>Choose the model file to export.</translation>
    </message>
    <message>
        <source>%1: no such model file.</source>
        <translation>%1: no such model file.</translation>
    </message>
    <message>
        <source>Choose where to write the exported file.</source>
        <translation>Choose where to write the exported file.</translation>
    </message>
    <message>
        <source>%1: no such test image.</source>
        <translation>%1: no such test image.</translation>
    </message>
    <message>
        <source>%1: no such teacher file.</source>
        <translation>%1: no such teacher file.</translation>
    </message>
    <message>
        <source>Export failed: %1</source>
        <translation>Export failed: %1</translation>
    </message>
    <message>
        <source>M-SFANet, the paper's figure for its weights (no teacher file chosen)</source>
        <translation>M-SFANet, the paper's figure for its weights (no teacher file chosen)</translation>
    </message>
    <message>
        <source>teacher file %1</source>
        <translation>teacher file %1</translation>
    </message>
    <message>
        <source>Exported file</source>
        <translation>Exported file</translation>
    </message>
    <message>
        <source>%1 (%2 MB, %3 %4, %5 parameters)</source>
        <translation>%1 (%2 MB, %3 %4, %5 parameters)</translation>
    </message>
    <message>
        <source>Teacher</source>
        <translation>Teacher</translation>
    </message>
    <message>
        <source>%1 MB — %2</source>
        <translation>%1 MB — %2</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Size</translation>
    </message>
    <message>
        <source>%1× smaller than the teacher</source>
        <translation>%1× smaller than the teacher</translation>
    </message>
    <message>
        <source>Test image</source>
        <translation>Test image</translation>
    </message>
    <message>
        <source>Count (source model)</source>
        <translation>Count (source model)</translation>
    </message>
    <message>
        <source>Count (exported, %1)</source>
        <translation>Count (exported, %1)</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>Difference</translation>
    </message>
    <message>
        <source>%1 people (largest density difference %2)</source>
        <translation>%1 people (largest density difference %2)</translation>
    </message>
    <message>
        <source>Exported to %1 (not verified: no test image).</source>
        <translation>Exported to %1 (not verified: no test image).</translation>
    </message>
    <message>
        <source>Exported and verified: %1 counts like the source model.</source>
        <translation>Exported and verified: %1 counts like the source model.</translation>
    </message>
    <message>
        <source>Verification failed: %1 counts %2 people, the source model %3.</source>
        <translation>Verification failed: %1 counts %2 people, the source model %3.</translation>
    </message>
    <message>
        <source>Model to export</source>
        <translation>Model to export</translation>
    </message>
    <message>
        <source>Export (*%1);;All files (*)</source>
        <translation>Export (*%1);;All files (*)</translation>
    </message>
    <message>
        <source>Teacher model</source>
        <translation>Teacher model</translation>
    </message>
    <message>
        <source>Images (*.jpg *.jpeg *.png *.bmp *.tif *.tiff *.webp);;All files (*)</source>
        <translation>Images (*.jpg *.jpeg *.png *.bmp *.tif *.tiff *.webp);;All files (*)</translation>
    </message>
    <message>
        <source>Export Model</source>
        <translation>Export Model</translation>
    </message>
    <message>
        <source>Ships a model as ONNX (OpenCV DNN, ONNX Runtime, TensorRT), a LibTorch archive or a PyTorch state dict, with a JSON side-car. The export is verified by counting a test image with it and with the source model.</source>
        <translation>Ships a model as ONNX (OpenCV DNN, ONNX Runtime, TensorRT), a LibTorch archive or a PyTorch state dict, with a JSON side-car. The export is verified by counting a test image with it and with the source model.</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>Model:</translation>
    </message>
    <message>
        <source>PyTorch .pth, CrowdKD checkpoint, .onnx or LibTorch archive</source>
        <translation>PyTorch .pth, CrowdKD checkpoint, .onnx or LibTorch archive</translation>
    </message>
    <message>
        <source>Architecture:</source>
        <translation>Architecture:</translation>
    </message>
    <message>
        <source>From the file</source>
        <translation>From the file</translation>
    </message>
    <message>
        <source>MCNN</source>
        <translation>MCNN</translation>
    </message>
    <message>
        <source>M-SFANet</source>
        <translation>M-SFANet</translation>
    </message>
    <message>
        <source>Format:</source>
        <translation>Format:</translation>
    </message>
    <message>
        <source>ONNX (.onnx)</source>
        <translation>ONNX (.onnx)</translation>
    </message>
    <message>
        <source>LibTorch archive (.pt)</source>
        <translation>LibTorch archive (.pt)</translation>
    </message>
    <message>
        <source>PyTorch state dict (.pth)</source>
        <translation>PyTorch state dict (.pth)</translation>
    </message>
    <message>
        <source>Half precision weights (half the size)</source>
        <translation>Half precision weights (half the size)</translation>
    </message>
    <message>
        <source>Output file:</source>
        <translation>Output file:</translation>
    </message>
    <message>
        <source>Teacher (size comparison):</source>
        <translation>Teacher (size comparison):</translation>
    </message>
    <message>
        <source>none: the paper's M-SFANet, 91.7 MB of weights</source>
        <translation>none: the paper's M-SFANet, 91.7 MB of weights</translation>
    </message>
    <message>
        <source>Test image:</source>
        <translation>Test image:</translation>
    </message>
    <message>
        <source>none: the export is not verified</source>
        <translation>none: the export is not verified</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation>Loading %1…</translation>
    </message>
    <message>
        <source>Exporting to %1…</source>
        <translation>Exporting to %1…</translation>
    </message>
    <message>
        <source>Verifying on %1…</source>
        <translation>Verifying on %1…</translation>
    </message>
    <message>
        <source>Models (*.pth *.pt *.tar *.onnx);;All files (*)</source>
        <translation>Models (*.pth *.pt *.tar *.onnx);;All files (*)</translation>
    </message>
</context>
<context>
    <name>crowdkd::ui::MainWindow</name>
    <message>
        <source>Cannot Open Dataset</source>
        <translation>Cannot Open Dataset</translation>
    </message>
    <message>
        <source>%1 could not be opened as a dataset:
%2</source>
        <translation>%1 could not be opened as a dataset:
%2</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>Dataset</translation>
    </message>
    <message>
        <source>Annotate</source>
        <translation>Annotate</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>Train</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>Compare</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>Count</translation>
    </message>
    <message>
        <source>Browse the dataset: splits, images, head counts, statistics, problems</source>
        <translation>Browse the dataset: splits, images, head counts, statistics, problems</translation>
    </message>
    <message>
        <source>Annotate head positions on one image</source>
        <translation>Annotate head positions on one image</translation>
    </message>
    <message>
        <source>&amp;Open Dataset…</source>
        <translation>&amp;Open Dataset…</translation>
    </message>
    <message>
        <source>Open a dataset folder (Ctrl+O)</source>
        <translation>Open a dataset folder (Ctrl+O)</translation>
    </message>
    <message>
        <source>Open &amp;Image…</source>
        <translation>Open &amp;Image…</translation>
    </message>
    <message>
        <source>Open &amp;Sample Dataset</source>
        <translation>Open &amp;Sample Dataset</translation>
    </message>
    <message>
        <source>&amp;Close Dataset</source>
        <translation>&amp;Close Dataset</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>&amp;Preferences…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>&amp;About CrowdKD Studio</source>
        <translation>&amp;About CrowdKD Studio</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>About &amp;Qt</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>Open &amp;Recent</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Edit</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>&amp;Go</translation>
    </message>
    <message>
        <source>&amp;Workspace</source>
        <translation>&amp;Workspace</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Language</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>Workspaces</source>
        <translation>Workspaces</translation>
    </message>
    <message>
        <source>Main Toolbar</source>
        <translation>Main Toolbar</translation>
    </message>
    <message numerus="yes">
        <source>%n head(s)</source>
        <translation><numerusform>%n head</numerusform><numerusform>%n heads</numerusform></translation>
    </message>
    <message>
        <source>Zoom %1%</source>
        <translation>Zoom %1%</translation>
    </message>
    <message>
        <source>● Modified</source>
        <translation>● Modified</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>Saved</translation>
    </message>
    <message>
        <source>%1[*] — CrowdKD Studio</source>
        <translation>%1[*] — CrowdKD Studio</translation>
    </message>
    <message>
        <source>No dataset open</source>
        <translation>No dataset open</translation>
    </message>
    <message>
        <source>CrowdKD Studio</source>
        <translation>CrowdKD Studio</translation>
    </message>
    <message>
        <source>Opening %1…</source>
        <translation>Opening %1…</translation>
    </message>
    <message>
        <source>No Sample Dataset</source>
        <translation>No Sample Dataset</translation>
    </message>
    <message>
        <source>The sample dataset is not installed with this build.</source>
        <translation>The sample dataset is not installed with this build.</translation>
    </message>
    <message>
        <source>Cannot Open</source>
        <translation>Cannot Open</translation>
    </message>
    <message>
        <source>%1 is neither a dataset folder nor an image.</source>
        <translation>%1 is neither a dataset folder nor an image.</translation>
    </message>
    <message>
        <source>Open Dataset</source>
        <translation>Open Dataset</translation>
    </message>
    <message>
        <source>Open Image</source>
        <translation>Open Image</translation>
    </message>
    <message>
        <source>Images (*.jpg *.jpeg *.png *.bmp *.tif *.tiff)</source>
        <translation>Images (*.jpg *.jpeg *.png *.bmp *.tif *.tiff)</translation>
    </message>
    <message>
        <source>Clear Recent Datasets</source>
        <translation>Clear Recent Datasets</translation>
    </message>
    <message>
        <source>About CrowdKD Studio</source>
        <translation>About CrowdKD Studio</translation>
    </message>
    <message>
        <source>&lt;h3&gt;CrowdKD Studio %1&lt;/h3&gt;&lt;p&gt;Annotate crowd images, train an M-SFANet teacher, distill it into a tiny MCNN student and ship it.&lt;/p&gt;&lt;table&gt;&lt;tr&gt;&lt;td&gt;Qt&lt;/td&gt;&lt;td&gt;%2 (built with %3)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;LibTorch&lt;/td&gt;&lt;td&gt;%4&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;OpenCV&lt;/td&gt;&lt;td&gt;%5&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;</source>
        <translation>&lt;h3&gt;CrowdKD Studio %1&lt;/h3&gt;&lt;p&gt;Annotate crowd images, train an M-SFANet teacher, distill it into a tiny MCNN student and ship it.&lt;/p&gt;&lt;table&gt;&lt;tr&gt;&lt;td&gt;Qt&lt;/td&gt;&lt;td&gt;%2 (built with %3)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;LibTorch&lt;/td&gt;&lt;td&gt;%4&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;OpenCV&lt;/td&gt;&lt;td&gt;%5&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;</translation>
    </message>
    <message>
        <source>&amp;Export Model…</source>
        <translation>&amp;Export Model…</translation>
    </message>
    <message>
        <source>Compare the teacher, the student and the KD student on a split</source>
        <translation>Compare the teacher, the student and the KD student on a split</translation>
    </message>
    <message>
        <source>Train the teacher, distill the student, run the α sweep</source>
        <translation>Train the teacher, distill the student, run the α sweep</translation>
    </message>
    <message>
        <source>Count people in images with a trained model</source>
        <translation>Count people in images with a trained model</translation>
    </message>
</context>
<context>
    <name>crowdkd::ui::PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>Preferences</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>Off</translation>
    </message>
    <message>
        <source>Save into the dataset without asking when switching images</source>
        <translation>Save into the dataset without asking when switching images</translation>
    </message>
    <message>
        <source>Autosave unsaved edits every</source>
        <translation>Autosave unsaved edits every</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Language</translation>
    </message>
</context>
<context>
    <name>crowdkd::ui::ReviewPanel</name>
    <message>
        <source>Open an annotated image to review it.</source>
        <translation>Open an annotated image to review it.</translation>
    </message>
    <message>
        <source>%1: no such model file.</source>
        <translation>%1: no such model file.</translation>
    </message>
    <message>
        <source>Running %1 on %2…</source>
        <translation>Running %1 on %2…</translation>
    </message>
    <message>
        <source>Review failed: %1</source>
        <translation>Review failed: %1</translation>
    </message>
    <message>
        <source>#%1 Possibly missed heads: the model sees ≈%2 more</source>
        <translation>#%1 Possibly missed heads: the model sees ≈%2 more</translation>
    </message>
    <message>
        <source>#%1 Possibly extra or duplicate labels: ≈%2 more than the model sees</source>
        <translation>#%1 Possibly extra or duplicate labels: ≈%2 more than the model sees</translation>
    </message>
    <message>
        <source>Annotated %1, model %2 in %3×%4 px at (%5, %6)</source>
        <translation>Annotated %1, model %2 in %3×%4 px at (%5, %6)</translation>
    </message>
    <message>
        <source>Model %1 people, annotation %2. %3 region(s) where they disagree most; choose one to zoom onto it.</source>
        <translation>Model %1 people, annotation %2. %3 region(s) where they disagree most; choose one to zoom onto it.</translation>
    </message>
    <message>
        <source>Model %1 people, annotation %2: no region disagrees by a head or more.</source>
        <translation>Model %1 people, annotation %2: no region disagrees by a head or more.</translation>
    </message>
    <message>
        <source>Model to review with</source>
        <translation>Model to review with</translation>
    </message>
    <message>
        <source>Review with model</source>
        <translation>Review with model</translation>
    </message>
    <message>
        <source>Stop Reviewing</source>
        <translation>Stop Reviewing</translation>
    </message>
    <message>
        <source>Review with Model</source>
        <translation>Review with Model</translation>
    </message>
    <message>
        <source>Show where the model's density and the annotation disagree most</source>
        <translation>Show where the model's density and the annotation disagree most</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>Model:</translation>
    </message>
    <message>
        <source>Block size:</source>
        <translation>Block size:</translation>
    </message>
    <message>
        <source>Compares a student's density with the annotation to find heads that were missed or labelled twice.</source>
        <translation>Compares a student's density with the annotation to find heads that were missed or labelled twice.</translation>
    </message>
    <message>
        <source>Models (*.pth *.pt *.tar *.onnx);;All files (*)</source>
        <translation>Models (*.pth *.pt *.tar *.onnx);;All files (*)</translation>
    </message>
</context>
<context>
    <name>crowdkd::ui::SplitStatisticsView</name>
    <message>
        <source>heads per image</source>
        <translation>heads per image</translation>
    </message>
    <message>
        <source>images</source>
        <translation>images</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>Images</translation>
    </message>
    <message>
        <source>Not annotated yet</source>
        <translation>Not annotated yet</translation>
    </message>
    <message>
        <source>Counted so far</source>
        <translation>Counted so far</translation>
    </message>
    <message>
        <source>Total heads</source>
        <translation>Total heads</translation>
    </message>
    <message>
        <source>Min / max heads</source>
        <translation>Min / max heads</translation>
    </message>
    <message>
        <source>Mean heads</source>
        <translation>Mean heads</translation>
    </message>
</context>
<context>
    <name>crowdkd::ui::ThumbnailDelegate</name>
    <message>
        <source>new</source>
        <translation>new</translation>
    </message>
</context>
<context>
    <name>crowdkd::ui::TrainWorkspace</name>
    <message>
        <source>Checkpoint saved: %1 (epoch %2)</source>
        <translation>Checkpoint saved: %1 (epoch %2)</translation>
    </message>
    <message>
        <source>Paused.</source>
        <translation>Paused.</translation>
    </message>
    <message>
        <source>Resumed.</source>
        <translation>Resumed.</translation>
    </message>
    <message>
        <source>Dataset folder</source>
        <translation>Dataset folder</translation>
    </message>
    <message>
        <source>Folder of training runs</source>
        <translation>Folder of training runs</translation>
    </message>
    <message>
        <source>Training settings</source>
        <translation>Training settings</translation>
    </message>
    <message>
        <source>&amp;Preset:</source>
        <translation>&amp;Preset:</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>Custom</translation>
    </message>
    <message>
        <source>Paper: KD α=0.1</source>
        <translation>Paper: KD α=0.1</translation>
    </message>
    <message>
        <source>Paper: plain student</source>
        <translation>Paper: plain student</translation>
    </message>
    <message>
        <source>Teacher (M-SFANet)</source>
        <translation>Teacher (M-SFANet)</translation>
    </message>
    <message>
        <source>Quick check (a few images)</source>
        <translation>Quick check (a few images)</translation>
    </message>
    <message>
        <source>&amp;Dataset:</source>
        <translation>&amp;Dataset:</translation>
    </message>
    <message>
        <source>ShanghaiTech part folder (train_data, test_data)</source>
        <translation>ShanghaiTech part folder (train_data, test_data)</translation>
    </message>
    <message>
        <source>Choose the dataset folder</source>
        <translation>Choose the dataset folder</translation>
    </message>
    <message>
        <source>&amp;Mode:</source>
        <translation>&amp;Mode:</translation>
    </message>
    <message>
        <source>Knowledge distillation (KD student)</source>
        <translation>Knowledge distillation (KD student)</translation>
    </message>
    <message>
        <source>Plain student (MCNN)</source>
        <translation>Plain student (MCNN)</translation>
    </message>
    <message>
        <source>&amp;α (teacher weight):</source>
        <translation>&amp;α (teacher weight):</translation>
    </message>
    <message>
        <source>loss = (1 − α)·MSE(student, ground truth) + α·MSE(student, teacher)</source>
        <translation>loss = (1 − α)·MSE(student, ground truth) + α·MSE(student, teacher)</translation>
    </message>
    <message>
        <source>T&amp;eacher model:</source>
        <translation>T&amp;eacher model:</translation>
    </message>
    <message>
        <source>CrowdKD checkpoint or PyTorch .pth</source>
        <translation>CrowdKD checkpoint or PyTorch .pth</translation>
    </message>
    <message>
        <source>Choose the teacher model file</source>
        <translation>Choose the teacher model file</translation>
    </message>
    <message>
        <source>E&amp;pochs:</source>
        <translation>E&amp;pochs:</translation>
    </message>
    <message>
        <source>&amp;Learning rate:</source>
        <translation>&amp;Learning rate:</translation>
    </message>
    <message>
        <source>0 uses the optimizer's default (Adam 1e-4, SGD 1e-6)</source>
        <translation>0 uses the optimizer's default (Adam 1e-4, SGD 1e-6)</translation>
    </message>
    <message>
        <source>&amp;Batch size:</source>
        <translation>&amp;Batch size:</translation>
    </message>
    <message>
        <source>Default</source>
        <translation>Default</translation>
    </message>
    <message>
        <source>&amp;Crop size:</source>
        <translation>&amp;Crop size:</translation>
    </message>
    <message>
        <source>Whole images</source>
        <translation>Whole images</translation>
    </message>
    <message>
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <source>Training &amp;images:</source>
        <translation>Training &amp;images:</translation>
    </message>
    <message>
        <source>All</source>
        <translation>All</translation>
    </message>
    <message>
        <source>&amp;Optimizer:</source>
        <translation>&amp;Optimizer:</translation>
    </message>
    <message>
        <source>&amp;Scheduler:</source>
        <translation>&amp;Scheduler:</translation>
    </message>
    <message>
        <source>Cosine annealing, warm restarts</source>
        <translation>Cosine annealing, warm restarts</translation>
    </message>
    <message>
        <source>Constant</source>
        <translation>Constant</translation>
    </message>
    <message>
        <source>T_0 (epochs):</source>
        <translation>T_0 (epochs):</translation>
    </message>
    <message>
        <source>T_mult:</source>
        <translation>T_mult:</translation>
    </message>
    <message>
        <source>eta_min:</source>
        <translation>eta_min:</translation>
    </message>
    <message>
        <source>&amp;Validate every:</source>
        <translation>&amp;Validate every:</translation>
    </message>
    <message>
        <source> epoch(s)</source>
        <translation> epoch(s)</translation>
    </message>
    <message>
        <source>See&amp;d:</source>
        <translation>See&amp;d:</translation>
    </message>
    <message>
        <source>De&amp;vice:</source>
        <translation>De&amp;vice:</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>Automatic</translation>
    </message>
    <message>
        <source>&amp;Threads:</source>
        <translation>&amp;Threads:</translation>
    </message>
    <message>
        <source>All cores</source>
        <translation>All cores</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>&amp;Start</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>S&amp;top</translation>
    </message>
    <message>
        <source>Stop after the current iteration; the run can be resumed</source>
        <translation>Stop after the current iteration; the run can be resumed</translation>
    </message>
    <message>
        <source>Past runs</source>
        <translation>Past runs</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>&amp;Open</translation>
    </message>
    <message>
        <source>Show the run's settings and curves</source>
        <translation>Show the run's settings and curves</translation>
    </message>
    <message>
        <source>Compare &amp;curves</source>
        <translation>Compare &amp;curves</translation>
    </message>
    <message>
        <source>Draw the run's curves on the same axes</source>
        <translation>Draw the run's curves on the same axes</translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>&amp;Resume</translation>
    </message>
    <message>
        <source>Continue the run from its last checkpoint</source>
        <translation>Continue the run from its last checkpoint</translation>
    </message>
    <message>
        <source>Count &amp;with it</source>
        <translation>Count &amp;with it</translation>
    </message>
    <message>
        <source>Use the run's best model in the Count workspace</source>
        <translation>Use the run's best model in the Count workspace</translation>
    </message>
    <message>
        <source>Runs folder…</source>
        <translation>Runs folder…</translation>
    </message>
    <message>
        <source>Save charts…</source>
        <translation>Save charts…</translation>
    </message>
    <message>
        <source>Ready.</source>
        <translation>Ready.</translation>
    </message>
    <message>
        <source>&amp;Continue</source>
        <translation>&amp;Continue</translation>
    </message>
    <message>
        <source>P&amp;ause</source>
        <translation>P&amp;ause</translation>
    </message>
    <message>
        <source>KD α=%1</source>
        <translation>KD α=%1</translation>
    </message>
    <message>
        <source>teacher</source>
        <translation>teacher</translation>
    </message>
    <message>
        <source>student</source>
        <translation>student</translation>
    </message>
    <message>
        <source> — MAE %1</source>
        <translation> — MAE %1</translation>
    </message>
    <message>
        <source>%1
Status: %2, %3 of %4 epochs</source>
        <translation>%1
Status: %2, %3 of %4 epochs</translation>
    </message>
    <message>
        <source>The learning rate and eta_min must be non-negative numbers.</source>
        <translation>The learning rate and eta_min must be non-negative numbers.</translation>
    </message>
    <message>
        <source>Choose the dataset folder to train on.</source>
        <translation>Choose the dataset folder to train on.</translation>
    </message>
    <message>
        <source>Knowledge distillation needs a teacher model file.</source>
        <translation>Knowledge distillation needs a teacher model file.</translation>
    </message>
    <message>
        <source>The training could not start.</source>
        <translation>The training could not start.</translation>
    </message>
    <message>
        <source>Training %1 into %2</source>
        <translation>Training %1 into %2</translation>
    </message>
    <message>
        <source>Preparing data…</source>
        <translation>Preparing data…</translation>
    </message>
    <message>
        <source>Cannot start: %1</source>
        <translation>Cannot start: %1</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>Train</translation>
    </message>
    <message>
        <source>Cannot resume: %1</source>
        <translation>Cannot resume: %1</translation>
    </message>
    <message>
        <source>Resuming %1</source>
        <translation>Resuming %1</translation>
    </message>
    <message>
        <source>Stopping after the current iteration…</source>
        <translation>Stopping after the current iteration…</translation>
    </message>
    <message>
        <source>Cannot read the settings of %1: %2</source>
        <translation>Cannot read the settings of %1: %2</translation>
    </message>
    <message>
        <source>Showing %1</source>
        <translation>Showing %1</translation>
    </message>
    <message>
        <source>Started: %1 training images, %2 validation images, %3 parameters, on %4; epochs %5 to %6</source>
        <translation>Started: %1 training images, %2 validation images, %3 parameters, on %4; epochs %5 to %6</translation>
    </message>
    <message>
        <source>Training…</source>
        <translation>Training…</translation>
    </message>
    <message>
        <source>Epoch %1/%2 · iteration %3/%4 · %5 samples/s · elapsed %6 · ETA %7 · loss %8</source>
        <translation>Epoch %1/%2 · iteration %3/%4 · %5 samples/s · elapsed %6 · ETA %7 · loss %8</translation>
    </message>
    <message>
        <source>Paused — %1</source>
        <translation>Paused — %1</translation>
    </message>
    <message>
        <source>Epoch %1/%2 — %p%</source>
        <translation>Epoch %1/%2 — %p%</translation>
    </message>
    <message>
        <source>Epoch %1: validation MAE %2, RMSE %3 on %4 images%5</source>
        <translation>Epoch %1: validation MAE %2, RMSE %3 on %4 images%5</translation>
    </message>
    <message>
        <source> (best so far)</source>
        <translation> (best so far)</translation>
    </message>
    <message>
        <source>Training finished.</source>
        <translation>Training finished.</translation>
    </message>
    <message>
        <source>Training stopped; resume it from the list of past runs.</source>
        <translation>Training stopped; resume it from the list of past runs.</translation>
    </message>
    <message>
        <source>Training failed: %1</source>
        <translation>Training failed: %1</translation>
    </message>
    <message>
        <source>Failed.</source>
        <translation>Failed.</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>Finished</translation>
    </message>
    <message>
        <source>Stopped (resumable)</source>
        <translation>Stopped (resumable)</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Failed</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; — best validation MAE &lt;b&gt;%2&lt;/b&gt;, RMSE &lt;b&gt;%3&lt;/b&gt; (epoch %4) · weights %5 MB · %6 epochs in %7</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; — best validation MAE &lt;b&gt;%2&lt;/b&gt;, RMSE &lt;b&gt;%3&lt;/b&gt; (epoch %4) · weights %5 MB · %6 epochs in %7</translation>
    </message>
    <message>
        <source>Training is running</source>
        <translation>Training is running</translation>
    </message>
    <message>
        <source>A training run is going. Stop it? Its last checkpoint is kept, so it can be resumed later from the list of past runs.</source>
        <translation>A training run is going. Stop it? Its last checkpoint is kept, so it can be resumed later from the list of past runs.</translation>
    </message>
    <message>
        <source>Teacher model</source>
        <translation>Teacher model</translation>
    </message>
    <message>
        <source>Models (*.pth *.pt *.tar);;All files (*)</source>
        <translation>Models (*.pth *.pt *.tar);;All files (*)</translation>
    </message>
    <message>
        <source>Save charts</source>
        <translation>Save charts</translation>
    </message>
    <message>
        <source>PNG image (*.png);;PDF document (*.pdf)</source>
        <translation>PNG image (*.png);;PDF document (*.pdf)</translation>
    </message>
    <message>
        <source>The charts could not be saved to %1.</source>
        <translation>The charts could not be saved to %1.</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>Training</translation>
    </message>
    <message>
        <source>α Sweep (Experiment)</source>
        <translation>α Sweep (Experiment)</translation>
    </message>
    <message>
        <source>E&amp;xport…</source>
        <translation>E&amp;xport…</translation>
    </message>
    <message>
        <source>Export the run's best model (ONNX, LibTorch or PyTorch)</source>
        <translation>Export the run's best model (ONNX, LibTorch or PyTorch)</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>Compare</translation>
    </message>
    <message>
        <source>Compare the run's best model in the Compare workspace</source>
        <translation>Compare the run's best model in the Compare workspace</translation>
    </message>
</context>
<context>
    <name>crowdkd::ui::TrainingCharts</name>
    <message>
        <source>Loss</source>
        <translation>Loss</translation>
    </message>
    <message>
        <source>Loss (smoothed)</source>
        <translation>Loss (smoothed)</translation>
    </message>
    <message>
        <source>Ground-truth part</source>
        <translation>Ground-truth part</translation>
    </message>
    <message>
        <source>Teacher part</source>
        <translation>Teacher part</translation>
    </message>
    <message>
        <source>Iteration</source>
        <translation>Iteration</translation>
    </message>
    <message>
        <source>Training loss</source>
        <translation>Training loss</translation>
    </message>
    <message>
        <source>Validation MAE</source>
        <translation>Validation MAE</translation>
    </message>
    <message>
        <source>Validation RMSE</source>
        <translation>Validation RMSE</translation>
    </message>
    <message>
        <source>Best MAE</source>
        <translation>Best MAE</translation>
    </message>
    <message>
        <source>Epoch</source>
        <translation>Epoch</translation>
    </message>
    <message>
        <source>Count error</source>
        <translation>Count error</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>Learning rate</translation>
    </message>
    <message>
        <source>MAE: %1</source>
        <translation>MAE: %1</translation>
    </message>
    <message>
        <source>Loss: %1</source>
        <translation>Loss: %1</translation>
    </message>
</context>
<context>
    <name>crowdkd::ui::TrainingSession</name>
    <message>
        <source>A training run is already going.</source>
        <translation>A training run is already going.</translation>
    </message>
    <message>
        <source>The folder %1 already holds a run.</source>
        <translation>The folder %1 already holds a run.</translation>
    </message>
</context>
<context>
    <name>crowdkd::ui::WelcomePage</name>
    <message>
        <source>Welcome to CrowdKD Studio</source>
        <translation>Welcome to CrowdKD Studio</translation>
    </message>
    <message>
        <source>Annotate heads on crowd images, train a large teacher model, distill it into a tiny student model and ship it.</source>
        <translation>Annotate heads on crowd images, train a large teacher model, distill it into a tiny student model and ship it.</translation>
    </message>
    <message>
        <source>Open Dataset…</source>
        <translation>Open Dataset…</translation>
    </message>
    <message>
        <source>Open the Sample Dataset</source>
        <translation>Open the Sample Dataset</translation>
    </message>
    <message>
        <source>A few ShanghaiTech part A images with their head annotations, bundled with the studio</source>
        <translation>A few ShanghaiTech part A images with their head annotations, bundled with the studio</translation>
    </message>
    <message>
        <source>Recent datasets</source>
        <translation>Recent datasets</translation>
    </message>
    <message>
        <source>A dataset is a folder in the ShanghaiTech layout: one folder per split (train_data, test_data) holding images/ and ground-truth/. You can also drop a dataset folder or an image on this window.</source>
        <translation>A dataset is a folder in the ShanghaiTech layout: one folder per split (train_data, test_data) holding images/ and ground-truth/. You can also drop a dataset folder or an image on this window.</translation>
    </message>
</context>
</TS>